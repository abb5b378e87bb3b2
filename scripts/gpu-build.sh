#!/usr/bin/env bash
# A self-contained build of the GPU check (issue 13) to copy to a GPU machine that has no .NET: the check program with the
# .NET runtime inside one compressed file (linux-x64), plus gpu-check.sh beside it. Prints its size; fails over 60 MB.
#   scripts/gpu-build.sh [out-folder]        # default: out/gpu-check
#   out/gpu-check/gpu-check.sh [cuda|ilgpu-cpu] [images]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/out/gpu-check}
rm -rf "$out"
dotnet publish "$root/Benchmarks/GpuCheck/GpuCheck.csproj" -c Release -r linux-x64 --self-contained true \
  -p:PublishSingleFile=true -p:EnableCompressionInSingleFile=true -p:IncludeNativeLibrariesForSelfExtract=true \
  -p:DebugType=none -p:GenerateDocumentationFile=false -o "$out" -v q -nologo
cat > "$out/gpu-check.sh" <<'SH'
#!/usr/bin/env bash
# Runs the GPU check from this self-contained build: gpu-check.sh [cuda|ilgpu-cpu] [images]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
IMCSIM_GPU_BACKEND=${1:-cuda} IMCSIM_GPU_SAMPLES=${2:-1000} "$here/imcsim-gpu-check"
SH
chmod +x "$out/gpu-check.sh"
size=$(du -sb "$out" | cut -f1)
echo "gpu-check build: $out, $((size / 1048576)) MB ($(ls "$out" | wc -l) files)"
if (( size > 60 * 1048576 )); then
  echo "gpu-build: the build is $((size / 1048576)) MB, over the 60 MB a GPU machine takes" >&2
  exit 1
fi
