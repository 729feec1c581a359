#!/usr/bin/env bash
# Stops the carbon-cache and graphite-web that start.sh DIR started (their pid files are in DIR/run).
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 DIR" >&2; exit 2; }
dir=$(cd "$1" && pwd)
if [ -f "$dir/run/graphite-web.pid" ]; then
  kill "$(cat "$dir/run/graphite-web.pid")" 2>/dev/null || true
  rm -f "$dir/run/graphite-web.pid"
fi
# carbon-cache stop sends SIGTERM to the pid in its pid file; carbon writes its cache to whisper before exiting.
if [ -f "$dir/run/carbon-cache-a.pid" ]; then
  carbon-cache --config="$dir/conf/carbon.conf" stop >/dev/null 2>&1 || true
  for _ in $(seq 1 60); do [ -f "$dir/run/carbon-cache-a.pid" ] || break; sleep 0.5; done
fi
echo "stopped carbon-cache and graphite-web of $dir"
