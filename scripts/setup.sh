#!/usr/bin/env bash
# Installs what IMCSim's tests and benchmarks use from outside the .NET SDK, idempotently:
#  - Debian: libonnx-testdata (ONNX operator golden data), ngspice (circuit reference), python3-numpy +
#    python3-scipy + python3-threadpoolctl (OpenBLAS and spsolve peers in benchmarks),
#    libopenblas0-pthread (the machine's OpenBLAS), chromium (headless, opens `imcsim report`'s page in its test)
#  - npm: onnxruntime-node 1.30.0 (reference runtime), into Tests/Reference/ort/node_modules
#  - a one-node Slurm cluster on localhost for the `sweep --slurm` test (scripts/slurm-local.sh: slurm-wlm, munge)
# Run as root (apt-get); safe to run again: it only installs what is missing.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

apt_packages=(libonnx-testdata ngspice python3-numpy python3-scipy python3-threadpoolctl libopenblas0-pthread chromium)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q "${missing[@]}" >/dev/null
fi
test -d /usr/share/libonnx-testdata/data/node || { echo "setup: libonnx-testdata did not install its data" >&2; exit 1; }
command -v ngspice >/dev/null || { echo "setup: ngspice is missing" >&2; exit 1; }
# As root Chromium needs --no-sandbox; the report test drives it through Playwright the same way.
timeout 60 /usr/bin/chromium --headless --no-sandbox --disable-gpu --dump-dom 'data:text/html,<p>headless-ok</p>' 2>/dev/null | grep headless-ok >/dev/null \
  || { echo "setup: chromium does not run headless (/usr/bin/chromium --headless)" >&2; exit 1; }

ort="$root/Tests/Reference/ort"
if [[ ! -f "$ort/node_modules/onnxruntime-node/package.json" ]]; then
  echo "setup: installing onnxruntime-node (npm)"
  # Its install script downloads extra binaries, which fails offline; the bundled linux-x64 library works without it.
  (cd "$ort" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
fi
node -e "require('$ort/node_modules/onnxruntime-node')" || { echo "setup: onnxruntime-node does not load" >&2; exit 1; }
bash "$root/scripts/slurm-local.sh"
echo "setup: ok"
