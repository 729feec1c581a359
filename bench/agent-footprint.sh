#!/bin/bash
# Agent footprint, side by side in one window on this machine:
#   qagent (twenty seed sensors, seed intervals) vs bench/psutil_agent.py (psutil at the same intervals),
#   qagent run as the shipped systemd unit runs it (its Environment= lines, read from deploy/systemd) and
#   as a bare binary (qagent-bare),
#   the same two with every interval at 1 s (stress), and the idle cost of a bare cluster node with
#   Akka's defaults vs QULo's tuning (Qulo.LoadGen idle-node). The qagents join one real qmaster on
#   loopback (Graphite off), a cluster tuned alike as in production; each idle node joins a qmaster of its
#   own, so that the Akka-defaults node (heartbeats and gossip every second to every member) does not add
#   its traffic to the others. Measured after a 30 s warm-up with bench/procmeter.py.
# Usage: bench/agent-footprint.sh [MINUTES]   (default 10; 2 for a quick run)
# Prints tab-separated rows: name, cpu %, private MB (RssAnon), RSS MB.
set -euo pipefail
minutes=${1:-10}
. "$(dirname "$0")/lib.sh"
# Always (incremental): a build left over from an older tree would measure the wrong agent.
build_release

start_scratch footprint

port=$(free_port)
master_conf "$port" > "$work/qmaster.conf"
akka_port=$(free_port)
master_conf "$akka_port" > "$work/qmaster-akka.conf"
qulo_port=$(free_port)
master_conf "$qulo_port" > "$work/qmaster-qulo.conf"
agent_conf "$port" footprint > "$work/qagent.conf"
agent_conf "$port" footprint-stress 1 > "$work/qagent-stress.conf"
agent_conf "$port" footprint-bare > "$work/qagent-bare.conf"
# The environment deploy/systemd/qulo-agent.service gives qagent (the GC's gen0 budget): the agent as deployed.
unit_env=$(sed -n 's/^Environment=//p' "$root/deploy/systemd/qulo-agent.service")
echo "# qagent and qagent-1s run with the unit's environment: $unit_env" >&2

"$qmaster" run -c "$work/qmaster.conf" > "$work/qmaster.log" 2>&1 & pids+=($!)
"$qmaster" run -c "$work/qmaster-akka.conf" > "$work/qmaster-akka.log" 2>&1 & pids+=($!)
"$qmaster" run -c "$work/qmaster-qulo.conf" > "$work/qmaster-qulo.log" 2>&1 & pids+=($!)
sleep 5
env $unit_env "$qagent" run -c "$work/qagent.conf" > "$work/qagent.log" 2>&1 & agent=$!; pids+=($agent)
env $unit_env "$qagent" run -c "$work/qagent-stress.conf" > "$work/qagent-stress.log" 2>&1 & stress=$!; pids+=($stress)
"$qagent" run -c "$work/qagent-bare.conf" > "$work/qagent-bare.log" 2>&1 & bare=$!; pids+=($bare)
/usr/bin/python3 "$bench/psutil_agent.py" "$work/qagent.conf" & psutil=$!; pids+=($psutil)
/usr/bin/python3 "$bench/psutil_agent.py" "$work/qagent.conf" --every 1 & psutil_stress=$!; pids+=($psutil_stress)
"$loadgen" idle-node --seed-port "$akka_port" --tuning akka > "$work/idle-akka.log" 2>&1 & idle_akka=$!; pids+=($idle_akka)
# Compiled once, as qagent is (Qulo.AgentNode.csproj turns tiered compilation off; Qulo.LoadGen does not).
DOTNET_TieredCompilation=0 "$loadgen" idle-node --seed-port "$qulo_port" --tuning qulo > "$work/idle-qulo.log" 2>&1 & idle_qulo=$!; pids+=($idle_qulo)
sleep 30

echo "# agent footprint: $minutes min window, $(load_note) at start" >&2
/usr/bin/python3 "$bench/procmeter.py" "$((minutes * 60))" \
  "qagent=$agent" "qagent-bare=$bare" "psutil_agent.py=$psutil" "qagent-1s=$stress" "psutil_agent.py-1s=$psutil_stress" \
  "idle-node-akka-defaults=$idle_akka" "idle-node-qulo-tuning=$idle_qulo"
echo "# $(load_note) at end; logs in $work" >&2
