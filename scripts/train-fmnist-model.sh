#!/usr/bin/env bash
# Re-trains the embedded Fashion-MNIST model (Workloads/Embedded/models/vgg7-fmnist.onnx, the default
# model of `imcsim hyde`) from scratch. Needs Debian's python3-torch, python3-onnx and
# dataset-fashion-mnist (installed here if missing). Takes about 10 minutes on one core.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
data=/usr/share/datasets/fashion-mnist
if ! /usr/bin/python3 -c 'import torch, onnx' 2>/dev/null || [[ ! -f "$data/train-images-idx3-ubyte.gz" ]]; then
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-torch python3-onnx dataset-fashion-mnist
fi
/usr/bin/python3 "$root/Workloads/Embedded/models/train_vgg_fmnist.py" "$data" "${1:-$root/Workloads/Embedded/models/vgg7-fmnist.onnx}"
