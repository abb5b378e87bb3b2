#!/usr/bin/env bash
# The GPU check of issue 13: device and driver, every ILGPU kernel against the CPU backend (bit for bit where promised), and the
# default `imcsim simulate`'s hardware phase on the CPU and the GPU. Exit code 1 if a kernel case fails.
#   scripts/gpu-check.sh                 # on a machine with an NVIDIA GPU (CUDA driver)
#   scripts/gpu-check.sh ilgpu-cpu 20    # the same check on ILGPU's CPU accelerator (no GPU), 20 images
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
backend=${1:-cuda}
samples=${2:-1000}
dll="$root/Benchmarks/bin/Release/net10.0/IMCSim.Benchmarks.dll"
if [[ ! -f "$dll" ]]; then
  dotnet build -c Release "$root/Benchmarks" -v q -nologo
fi
IMCSIM_GPU_BACKEND=$backend IMCSIM_GPU_SAMPLES=$samples dotnet "$dll" gpu
