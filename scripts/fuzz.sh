#!/usr/bin/env bash
# Runs every fuzz target of the readers and parsers for a while each (default 10s; CI runs them
# briefly, a hardening check runs them for 10m or more):  scripts/fuzz.sh 10m
set -euo pipefail
cd "$(dirname "$0")/.."
time="${1:-10s}"
for target in FuzzCSV FuzzXLSX FuzzParseDate FuzzParseMonth FuzzIDNumber FuzzHeader; do
  echo "== $target ($time)"
  go test ./loaders -run '^$' -fuzz "^${target}\$" -fuzztime "$time" 2>&1 | tail -n 3
done
# Set-based CSV reading against the Go reader: each input opens DuckDB twice, so new inputs are
# kept as found rather than minimised (minimising one takes minutes).
echo "== FuzzBulkCSV ($time)"
go test ./engine -run '^$' -fuzz '^FuzzBulkCSV$' -fuzztime "$time" -fuzzminimizetime 0 -parallel 1 2>&1 | tail -n 3
