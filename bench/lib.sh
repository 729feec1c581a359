# Shared by the bench scripts (sourced): Release builds of the programs under test and helpers.
root=$(cd "$(dirname "$0")/.." && pwd)
bench="$root/bench"
# QULO_BENCH_QMASTER: another qmaster build to measure (e.g. one with a change the lead has not merged yet).
qmaster="${QULO_BENCH_QMASTER:-$root/Qulo.MasterNode/bin/Release/net10.0/qmaster}"
qagent="$root/Qulo.AgentNode/bin/Release/net10.0/qagent"
loadgen="$root/bench/Qulo.LoadGen/bin/Release/net10.0/Qulo.LoadGen"

build_release() {
  for project in Qulo.MasterNode Qulo.AgentNode bench/Qulo.LoadGen; do
    dotnet build "$root/$project" -c Release -v quiet -nologo >&2
  done
}

free_port() {
  /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# qmaster.conf on loopback PORT with Graphite off (agents only need a master to deliver to).
master_conf() {
  cat <<CONF
qulo {
  master { host = "127.0.0.1", port = $1 }
  naming { hostname = "bench-master" }
  graphite { enabled = false }
  logging { filename = "", level = "WARNING" }
}
CONF
}

# The shipped hocon/qagent.conf (all twenty seed sensors at the seed intervals) facing the master on
# loopback PORT as host NAME; with a third argument every time_interval becomes that many seconds.
agent_conf() {
  sed -e "s/^\(    port = \)[0-9]*/\1$1/" -e "s/^\(    hostname = \)\"\"/\1\"$2\"/" \
      -e 's|^\(    filename = \)".*"|\1""|' -e 's/^\(    level = \)"INFO"/\1"WARNING"/' \
      ${3:+-e "s/^\(      time_interval = \)[0-9.]*/\1$3/"} "$root/hocon/qagent.conf"
}

# The load average, quoted next to every figure: the machine is shared.
load_note() {
  echo "load average $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"
}

# A scratch folder /tmp/qulo-NAME-XXXXXX in $work, and $pids: every process added there is killed at exit.
start_scratch() {
  work=$(mktemp -d "/tmp/qulo-$1-XXXXXX")
  pids=()
  trap 'for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done' EXIT
}
