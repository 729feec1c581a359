#!/usr/bin/env bash
# Runs every test: unit tests, psutil parity, real carbon-cache and real qmaster/qagent processes.
# Quick loop while working: dotnet test Qulo.Tests --filter "Category!=EndToEnd"
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
dotnet build Qulo.sln -c Debug -warnaserror -nologo -clp:ErrorsOnly
dotnet test Qulo.Tests --no-build -c Debug -nologo --logger "console;verbosity=normal" "$@"
