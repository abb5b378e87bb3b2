#!/usr/bin/env bash
# Runs IMCSim's whole test suite (after installing the reference tools the tests use).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/scripts/setup.sh"
dotnet test "$root/IMCSim.sln" -c Release --logger "console;verbosity=normal" "$@"
