#!/usr/bin/env bash
# Assemble a CPU-only libtorch 2.4.0 (what rust-bert 0.23 / tch 0.17 link against) from PyPI
# wheels into DIR (default: .cache/libtorch). PyPI has no CPU-only torch 2.4.0 and the full
# install pulls ~5 GB of CUDA wheels, so this downloads three wheels (812 MB) and keeps only the
# headers and the CPU libraries (529 MB). Idempotent: a complete DIR is left alone.
#
# Usage: scripts/libtorch.sh [DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:-.cache/libtorch}"
version=2.4.0

if [[ -f "$dir/build-version" && "$(cat "$dir/build-version")" == "$version" && -f "$dir/lib/libtorch_cpu.so" ]]; then
    echo "libtorch $version: present in $dir"
    exit 0
fi

command -v gcc > /dev/null || { echo "libtorch.sh: gcc is needed (apt-get install gcc)" >&2; exit 2; }
mkdir -p "$(dirname "$dir")"
work="$(mktemp -d "$(dirname "$dir")/.libtorch-tmp.XXXXXX")"
trap 'rm -rf "$work"' EXIT

echo "libtorch $version: downloading wheels (812 MB)"
python3 -m pip download --quiet --no-deps --dest "$work/wheels" \
    "torch==$version" nvidia-cuda-runtime-cu12==12.1.105 nvidia-cuda-cupti-cu12==12.1.105

echo "libtorch $version: extracting headers and CPU libraries"
python3 - "$work/wheels" "$work/libtorch" <<'PY'
import pathlib, shutil, sys, zipfile
wheels, out = map(pathlib.Path, sys.argv[1:3])
(out / "include").mkdir(parents=True)
(out / "lib").mkdir()
libs = {"libtorch_cpu.so", "libc10.so", "libcudart.so.12", "libcupti.so.12"}
found = set()
for wheel in sorted(wheels.glob("*.whl")):
    with zipfile.ZipFile(wheel) as z:
        for info in z.infolist():
            name = info.filename
            if name.endswith("/"):
                continue
            if name.startswith("torch/include/"):
                dest = out / "include" / name[len("torch/include/"):]
            else:
                base = name.rsplit("/", 1)[-1]
                in_lib = name.startswith(("torch/lib/", "nvidia/cuda_runtime/lib/", "nvidia/cuda_cupti/lib/"))
                if not in_lib or not (base in libs or (base.startswith("libgomp-") and base.endswith(".so.1"))):
                    continue
                dest = out / "lib" / base
                found.add("libgomp" if base.startswith("libgomp-") else base)
            dest.parent.mkdir(parents=True, exist_ok=True)
            with z.open(info) as src, open(dest, "wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
missing = (libs | {"libgomp"}) - found
if missing:
    sys.exit(f"libtorch.sh: wheels lack {sorted(missing)}")
PY

# The wheel's libtorch.so only pulls in libtorch_cuda; an empty library satisfies the linker.
gcc -shared -x c /dev/null -o "$work/libtorch/lib/libtorch.so"
echo "$version" > "$work/libtorch/build-version"
rm -rf "$dir"
mv "$work/libtorch" "$dir"
echo "libtorch $version: ready in $dir ($(du -sh "$dir" | cut -f1))"
