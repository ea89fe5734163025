#!/usr/bin/env bash
# Runs every fuzz target of the readers, the parsers and the set-based CSV reading.
#   scripts/fuzz.sh 10m     each target for ten minutes (a hardening check)
#   scripts/fuzz.sh 5000x   each target for 5000 executions
#   scripts/fuzz.sh ci      each target for a fixed number of executions, a few seconds each
# CI counts executions rather than time: with a time budget, Go 1.26's fuzz coordinator can fail
# a run with a bare "context deadline exceeded" and no failing input when the budget ends while
# an input is being run (golang/go#75804); FuzzBulkCSV, whose inputs each take ~30 ms, hits it.
set -euo pipefail
cd "$(dirname "$0")/.."
budget="${1:-10s}"

# fuzz PACKAGE TARGET CI_COUNT [extra go test flags]
fuzz() {
  local pkg=$1 target=$2 count=$3
  shift 3
  local t=$budget
  [ "$budget" = ci ] && t=$count
  echo "== $target ($t)"
  local out
  if ! out=$(go test "$pkg" -run '^$' -fuzz "^${target}\$" -fuzztime "$t" "$@" 2>&1); then
    echo "$out"
    return 1
  fi
  tail -n 3 <<<"$out"
}

fuzz ./loaders FuzzCSV 10000x
fuzz ./loaders FuzzXLSX 1000x
fuzz ./loaders FuzzParseDate 50000x
fuzz ./loaders FuzzParseMonth 50000x
fuzz ./loaders FuzzIDNumber 50000x
fuzz ./loaders FuzzHeader 50000x
fuzz ./loaders FuzzCellForm 50000x
# Each input opens DuckDB twice, so new inputs are kept as found rather than minimised
# (minimising one takes minutes).
fuzz ./engine FuzzBulkCSV 100x -fuzzminimizetime 0 -parallel 1
