#!/usr/bin/env python3
"""The pipeline on the real corpus with the default model (release build, no TM):

1. `vibrief brief` on each article in turn: wall time, segments, model calls and repairs, the
   article's own token count, the prompt tokens evaluated and reused from the cache, the tokens
   generated against those of the final English, the share of model time spent on the prompt vs
   generation, segments needing review, related articles;
2. `vibrief batch` over the whole corpus: wall time and CPU utilization;
3. the same batch again, now fully cached: wall time and model calls.

Usage: scripts/bench-corpus.py [CORPUS_DIR] (default ../shared/corpus/vi). Prints Markdown tables
for BENCHMARKS.md.
"""
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Copies of the binaries, made once: a rebuild of the checkout while the benchmark runs (an
# edit, another worktree sharing the target folder) must not change what is measured.
BIN = None
TOKENS = None


def run(args):
    """Runs vibrief; returns (wall seconds, CPU seconds of the child). Exit 1 (review) is fine."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    proc = subprocess.run([str(BIN), *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):
        sys.exit(f"vibrief {' '.join(args)} failed ({proc.returncode}):\n{proc.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def count_tokens(article, brief_json):
    """(tokens of the cleaned article, tokens of the English in `brief_json`), model tokenizer."""
    out = subprocess.run(
        [str(TOKENS), str(article), str(brief_json)], cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout.split("\t")
    return int(out[1]), int(out[2])


def build(into):
    """Builds vibrief and the token-count bench (release); returns copies of both in `into`."""
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    messages = subprocess.run(
        ["cargo", "bench", "--no-run", "--quiet", "--bench", "tokens", "--message-format", "json"],
        cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout
    tokens = next(m["executable"] for m in map(json.loads, messages.splitlines())
                  if m.get("reason") == "compiler-artifact" and m.get("executable")
                  and m["target"]["name"] == "tokens")
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    copies = []
    for src in (target / "release/vibrief", Path(tokens)):
        dst = into / src.name
        shutil.copy2(src, dst)
        copies.append(dst)
    return copies


def main():
    corpus = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT.parent / "shared/corpus/vi")
    articles = sorted(corpus.glob("*.txt"))
    if not articles:
        sys.exit(f"no articles in {corpus}")
    global BIN, TOKENS
    cores = os.cpu_count()
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        BIN, TOKENS = build(work)
        print("| article | wall | segments | model calls (repairs) | calls / segment | article tokens | "
              "prompt evaluated (× article) | cached | generated (× final English) | prompt / generation time "
              "| needs review | summary | related |")
        print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
        walls = []
        for a in articles:
            out = work / "brief" / a.stem
            wall, _ = run(["brief", "--no-tm", "--format", "json,md", "-o", str(out), str(a)])
            walls.append(wall)
            jsons = sorted(out.glob("*.json"))
            docs = [json.loads(p.read_text()) for p in jsons]
            st = lambda k: sum(d["stats"].get(k, 0) for d in docs)
            # The article's own tokens (its related articles included) and its final English,
            # with the model's tokenizer.
            art_tokens = eng_tokens = 0
            for path in jsons:
                art_tokens, english = count_tokens(a, path)
                eng_tokens += english
            model = st("prompt_seconds") + st("generation_seconds")
            summaries = [d["summary"]["status"] for d in docs if d.get("summary")]
            print(
                f"| {a.name[:12]}… | {wall:.0f} s | {st('segments')} | {st('model_calls')} ({st('repairs')}) | "
                f"{st('model_calls') / max(st('segments'), 1):.2f} | {art_tokens} | "
                f"{st('prompt_tokens')} ({st('prompt_tokens') / max(art_tokens, 1):.2f}×) | {st('cached_tokens')} | "
                f"{st('generated_tokens')} ({st('generated_tokens') / max(eng_tokens, 1):.2f}× of {eng_tokens}) | "
                f"{100 * st('prompt_seconds') / max(model, 1e-9):.0f}% / {100 * st('generation_seconds') / max(model, 1e-9):.0f}% | "
                f"{st('needs_review')} | {', '.join(summaries)} | {len(docs) - 1} |"
            )
        walls.sort()
        print(f"\nbrief, all {len(articles)} articles one after another: {sum(walls):.0f} s; "
              f"median {walls[len(walls) // 2]:.0f} s, longest {walls[-1]:.0f} s\n")

        out = work / "batch"
        wall, cpu = run(["batch", "--no-tm", "--quiet", "-o", str(out), str(corpus)])
        report = json.loads((out / "report.json").read_text())
        docs = report["documents"]
        print(f"batch, {len(docs)} documents ({len(articles)} articles and their related articles), default --jobs: "
              f"{wall:.0f} s wall, {cpu:.0f} s CPU = {100 * cpu / wall / cores:.0f}% of {cores} cores; "
              f"{sum(d['model_calls'] for d in docs)} model calls ({sum(d.get('repairs', 0) for d in docs)} repairs), "
              f"{sum(d.get('prompt_tokens', 0) for d in docs)} prompt tokens evaluated, "
              f"{sum(d.get('cached_tokens', 0) for d in docs)} cached, "
              f"{sum(d.get('generated_tokens', 0) for d in docs)} generated, "
              f"{sum(1 for d in docs if d['state'] == 'failed')} failed")
        wall, cpu = run(["batch", "--no-tm", "--quiet", "-o", str(out), str(corpus)])
        report = json.loads((out / "report.json").read_text())
        cached = sum(1 for d in report["documents"] if d["state"] == "cached")
        print(f"batch again, fully cached: {wall:.2f} s wall, {cached}/{len(report['documents'])} documents cached, "
              f"{sum(d['model_calls'] for d in report['documents'])} model calls, model loaded: {'model' in report}")


if __name__ == "__main__":
    main()
