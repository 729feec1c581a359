#!/usr/bin/env bash
# The whole system on this machine, on loopback: carbon-cache and graphite-web (private, under
# .run/demo/graphite), qmaster and one qagent with the twenty seed sensors, started in that order by
# bin/qulo. Prints where to look. `scripts/demo.sh stop` stops it all; `status` reports each piece.
# Ports (override in the environment): DEMO_CARBON_PORT [12004], DEMO_WEB_PORT [8080], DEMO_MASTER_PORT [17888].
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="$root/.run/demo"
action=${1:-start}
carbon_port=${DEMO_CARBON_PORT:-12004}
web_port=${DEMO_WEB_PORT:-8080}
master_port=${DEMO_MASTER_PORT:-17888}
host=$(hostname -s)

write_configs() {
  mkdir -p "$dir"
  cat > "$dir/qmaster.conf" <<CONF
qulo {
  master { host = 127.0.0.1, port = $master_port, self-metrics-interval = 10 }
  graphite { host = 127.0.0.1, port = $carbon_port }
  logging { filename = "$dir/qmaster.log" }
}
CONF
  # No sensor block: the twenty seed sensors at the seed's intervals (CPUPercent every 10 s, ...).
  cat > "$dir/qagent.conf" <<CONF
qulo {
  master { host = 127.0.0.1, port = $master_port }
  logging { filename = "$dir/qagent.log" }
}
CONF
  cat > "$dir/qulo" <<CONF
QULO_CARBON=yes
QULO_GRAPHITE_WEB=yes
QULO_GRAFANA=no
QULO_GRAPHITE_DIR="$dir/graphite"
QULO_CARBON_ADDRESS=127.0.0.1:$carbon_port
QULO_GRAPHITE_WEB_ADDRESS=127.0.0.1:$web_port
QULO_MASTER=yes
QULO_MASTER_CONFIG="$dir/qmaster.conf"
QULO_QMASTER="$root/bin/qmaster"
QULO_AGENTS=localhost
QULO_AGENT_CONFIG="$dir/qagent.conf"
QULO_QAGENT="$root/bin/qagent"
QULO_RUN_DIR="$dir/run"
CONF
}

case "$action" in
  start)
    "$root/scripts/install-deps.sh"
    write_configs
    # Publish both programs before timing their start-up.
    "$root/bin/qmaster" --version >/dev/null
    "$root/bin/qagent" --version >/dev/null
    "$root/bin/qulo" start --config-dir "$dir"
    web="http://127.0.0.1:$web_port"
    cat <<TEXT

QULo is running (state, logs and whisper files under $dir).
  graphite-web:      $web/
  a graph (PNG):     $web/render?target=$host.CPUPercent.*&target=$host.VirtualMemory.percent&from=-15min&width=900&height=400&format=png
  the same as JSON:  $web/render?target=$host.VirtualMemory.percent&from=-15min&format=json
  the cluster:       bin/qmaster status -c $dir/qmaster.conf
  what is sent:      bin/qagent test -c $dir/qagent.conf
  Grafana:           bin/qmaster dashboard node > node.json   (import it; Graphite data source $web)
  logs:              $dir/qmaster.log, $dir/qagent.log
  stop it all:       scripts/demo.sh stop
Data appears within about 20 s (carbon flushes, then graphite-web reads the whisper files).
TEXT
    ;;
  stop | status)
    [ -f "$dir/qulo" ] || { echo "no demo here ($dir/qulo is missing)"; exit 0; }
    exec "$root/bin/qulo" "$action" --config-dir "$dir"
    ;;
  *)
    echo "usage: scripts/demo.sh [start|stop|status]" >&2
    exit 2
    ;;
esac
