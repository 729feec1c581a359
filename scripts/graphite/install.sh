#!/usr/bin/env bash
# Installs carbon-cache, graphite-web, python3-whisper and python3-psutil from Debian when missing
# (the same list the test script installs: one place keeps it).
set -euo pipefail
exec "$(dirname "$0")/../install-deps.sh"
