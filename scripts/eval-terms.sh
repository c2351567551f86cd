#!/usr/bin/env bash
# Glossary-term compliance of the default model on sentences written for the purpose
# (tests/fixtures/eval/gov-news.vi.txt), with repair (default) and without (--max-repairs 0).
# Prints the share of term occurrences rendered as required, each term missed and each segment
# needing review with its issues.
# Usage: scripts/eval-terms.sh [extra vibrief translate options]
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
article="$work/eval.txt"
{ echo "Bộ câu đánh giá thuật ngữ"; echo; grep -v '^#' tests/fixtures/eval/gov-news.vi.txt | sed 's/$/\n/'; } > "$article"
for repairs in 0 2; do
    start=$(date +%s)
    ./target/release/vibrief translate --no-tm --format json --max-repairs "$repairs" "$@" "$article" > "$work/out.json" || [ $? -eq 1 ]
    python3 - "$work/out.json" "$repairs" "$(( $(date +%s) - start ))" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
st = d["stats"]
body = [s for s in d["segments"] if s["id"] != "title"]
terms = [t for s in body for t in s["terms"]]
ok = sum(t["satisfied"] for t in terms)
review = [s["id"] for s in body if s["status"] == "needs_review"]
print(f"max-repairs {sys.argv[2]}: {len(body)} sentences, terms rendered as required {ok}/{len(terms)} "
      f"= {100*ok/max(1,len(terms)):.1f}%, needs review {len(review)}, model calls {st['model_calls']}, "
      f"prompt {st['prompt_tokens']} tok / {st['prompt_seconds']:.0f} s, generated {st['generated_tokens']} tok / "
      f"{st['generation_seconds']:.0f} s, wall {sys.argv[3]} s")
for s in body:
    for t in s["terms"]:
        if not t["satisfied"]:
            print(f"  term {s['id']}: {t['source']} -> {t['required']} | {s['target']}")
for s in body:
    if s["status"] == "needs_review":
        print(f"  review {s['id']}: {'; '.join(s['issues'])} | {s['target']}")
PY
done
