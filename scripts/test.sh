#!/usr/bin/env bash
# Runs IMCSim's whole test suite (after installing the reference tools the tests use) and ends with
# one summary line "tests: N passed, N failed, N skipped". Exits non-zero when any test fails.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/scripts/setup.sh"
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
status=0
dotnet test "$root/IMCSim.sln" -c Release --logger "console;verbosity=minimal" --logger "trx;LogFileName=results.trx" \
  --results-directory "$results" "$@" || status=$?
trx=$(find "$results" -name '*.trx' | head -n 1)
if [[ -n $trx ]]; then
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { echo "$counters" | grep -o "$1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  passed=$(get passed); failed=$(get failed); total=$(get total); executed=$(get executed)
  echo "tests: ${passed} passed, ${failed} failed, $((total - executed)) skipped"
  if [[ ${executed:-0} -eq 0 ]]; then
    echo "no test ran" >&2
    status=1
  fi
fi
exit $status
