#!/usr/bin/env bash
# The "Engines" figures of BENCHMARKS.md, in one run on one machine:
#   1. llama.cpp's own llama-bench, built from the llama.cpp source inside llama-cpp-sys-2
#      (the crate vibrief compiles) with the same options (native CPU, no OpenMP, Release);
#   2. vibrief's llama engine on the same model and thread count (benches/llama.rs);
#   3. the bert engine's load time on the tiny fixture (benches/bert.rs, needs libtorch).
# The crate ships llama.cpp without the tools' sources, so llama-bench's two source files come
# from llama-cpp-python's vendored llama.cpp (PyPI sdist, fetched with pip download) and are
# compiled against the crate's llama.cpp library sources.
# Usage: scripts/bench-engines.sh [THREADS]   (BUILD_ONLY=1: just build llama-bench)
set -euo pipefail
cd "$(dirname "$0")/.."
threads="${1:-$(lscpu -p=core | grep -v '^#' | sort -u | wc -l)}"
work=.cache/llama-bench
bench="$work/build/bin/llama-bench"

if [[ ! -x "$bench" ]]; then
    src="$(cargo metadata --format-version 1 | python3 -c '
import json, sys, os
for p in json.load(sys.stdin)["packages"]:
    if p["name"] == "llama-cpp-sys-2":
        print(os.path.join(os.path.dirname(p["manifest_path"]), "llama.cpp"))')"
    rm -rf "$work"
    mkdir -p "$work/dl"
    cp -r "$src" "$work/llama.cpp"
    python3 -m pip download --quiet --no-deps --no-binary :all: --dest "$work/dl" llama-cpp-python==0.3.36
    tar -xzf "$work"/dl/llama_cpp_python-*.tar.gz -C "$work/dl" --wildcards '*/vendor/llama.cpp/tools/llama-bench/*'
    cp "$work"/dl/llama_cpp_python-*/vendor/llama.cpp/tools/llama-bench/* "$work/llama.cpp/tools/llama-bench/"
    echo 'add_subdirectory(llama-bench)' > "$work/llama.cpp/tools/CMakeLists.txt"
    cmake -S "$work/llama.cpp" -B "$work/build" -DCMAKE_BUILD_TYPE=Release -DGGML_NATIVE=ON \
        -DGGML_OPENMP=OFF -DBUILD_SHARED_LIBS=OFF -DLLAMA_CURL=OFF -DLLAMA_BUILD_TESTS=OFF \
        -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_SERVER=OFF -DLLAMA_BUILD_TOOLS=ON -DLLAMA_BUILD_APP=OFF > "$work/cmake.log"
    cmake --build "$work/build" --target llama-bench -j "$(nproc)" > "$work/build.log"
fi

[[ "${BUILD_ONLY:-0}" == 1 ]] && exit 0

model="$(cargo run --quiet --release -- models path qwen2.5-coder-1.5b-instruct)"
echo "== llama-bench ($threads threads)"
/usr/bin/time -f "llama-bench peak RSS: %M KB" "$bench" -m "$model" -p 512 -n 128 -t "$threads" -r 3 -o md
echo "== vibrief llama engine ($threads threads)"
cargo bench --quiet --bench llama -- --pp 512 --tg 128 --reps 3 --threads "$threads"
if [[ -d .cache/libtorch ]]; then
    echo "== vibrief bert engine"
    cargo bench --quiet --features bert --bench bert
fi
