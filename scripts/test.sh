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
# CI keeps only the end of the log, so each failure is repeated there: its name, message and stack.
awk '/^  Failed /{shown=0; printing=1; print "--- " $0; next}
     /^  (Passed|Skipped) /{printing=0}
     printing && shown < 60 {print; shown++}' "$log"
# One closing line that any CI reads: "N passed, N failed".
passed=$(grep -c '^  Passed ' "$log" || true)
failed=$(grep -c '^  Failed ' "$log" || true)
echo "$passed passed, $failed failed"
exit "$status"
