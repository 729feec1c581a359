#!/usr/bin/env bash
# Runs every test: unit tests, psutil parity, real carbon-cache and real qmaster/qagent processes.
# Quick loop while working: dotnet test Qulo.Tests --filter "Category!=EndToEnd"
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
dotnet build Qulo.sln -c Debug -warnaserror -nologo -clp:ErrorsOnly
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test Qulo.Tests --no-build -c Debug -nologo --logger "console;verbosity=normal" "$@" | tee "$log" || status=$?
# One closing line that any CI reads: "N passed, N failed".
passed=$(grep -c '^  Passed ' "$log" || true)
failed=$(grep -c '^  Failed ' "$log" || true)
echo "$passed passed, $failed failed"
exit "$status"
