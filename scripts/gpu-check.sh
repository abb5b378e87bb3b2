#!/usr/bin/env bash
# The GPU check of issue 13: device and driver, every ILGPU kernel against the CPU backend (bit for bit where promised), and
# throughput on the CPU and the chosen backend (effective matrices at 128/256/512, the default `imcsim simulate`, ResNet-18 on
# random 32x32 images). Exit code 1 if a case fails or the backends disagree; 2 if the backend cannot be opened.
#   scripts/gpu-check.sh                 # on a machine with an NVIDIA GPU (CUDA driver) and .NET
#   scripts/gpu-check.sh ilgpu-cpu 20    # the same check on ILGPU's CPU accelerator (no GPU), 20 images
# A GPU machine without .NET runs the self-contained build instead: scripts/gpu-build.sh, then out/gpu-check/gpu-check.sh.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
backend=${1:-cuda}
samples=${2:-1000}
dll="$root/Benchmarks/GpuCheck/bin/Release/net10.0/imcsim-gpu-check.dll"
if [[ ! -f "$dll" ]]; then
  dotnet build -c Release "$root/Benchmarks/GpuCheck" -v q -nologo
fi
IMCSIM_GPU_BACKEND=$backend IMCSIM_GPU_SAMPLES=$samples dotnet "$dll"
