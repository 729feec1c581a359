#!/bin/bash
# A cluster larger than Akka's heartbeat ring (each node watched by nine others), on this machine:
# one qmaster and AGENTS agents with one hourly sensor each (the agent's cluster cost alone), then
#   1. CPU % of one core of four agents and of the master over 60 s (bench/procmeter.py), to compare with
#      the footprint run's 4-node cluster, where every node watches every other;
#   2. KILLS agents killed with -9, 35 s apart: when the master marked each unreachable (its
#      HOST.QuloAgent.up goes to 0 then) and removed it, and whether any node downed the whole cluster.
# Usage: bench/cluster-scale.sh [AGENTS] [KILLS]   (default 16 and 4; takes about 5 minutes)
set -euo pipefail
agents=${1:-16}
kills=${2:-4}
. "$(dirname "$0")/lib.sh"
build_release

start_scratch scale

port=$(free_port)
# INFO: the master's log is where unreachable and removed members are read from.
master_conf "$port" | sed 's/"WARNING"/"INFO"/' > "$work/qmaster.conf"
"$qmaster" run -c "$work/qmaster.conf" > "$work/qmaster.log" 2>&1 & master=$!; pids+=($master)
sleep 3
agent_pids=()
for i in $(seq 1 "$agents"); do
  # The shipped configuration with its sensors block replaced by one hourly sensor.
  agent_conf "$port" "scale$i" > "$work/shipped.conf"
  awk '/^  sensors \{/ { print "  sensors {\n    BootTime { time_interval = 3600 }\n  }\n}"; exit } { print }' "$work/shipped.conf" > "$work/scale$i.conf"
  "$qagent" run -c "$work/scale$i.conf" > "$work/scale$i.log" 2>&1 & agent_pids+=($!); pids+=($!)
  sleep 1
done
sleep 60

echo "# $((agents + 1)) nodes (a qmaster and $agents agents with one hourly sensor), 60 s window, $(load_note) at start"
printf "process\tCPU %% of one core\tprivate MB\tRSS MB\n"
/usr/bin/python3 "$bench/procmeter.py" 60 "qmaster=$master" \
  "agent-scale1=${agent_pids[0]}" "agent-scale2=${agent_pids[1]}" "agent-scale3=${agent_pids[2]}" "agent-scale4=${agent_pids[3]}"

# The agents' own listening ports name them in the master's log.
listen_port() { ss -ltnpH | awk -v pid="pid=$1," 'index($0, pid) { n = split($4, a, ":"); print a[n]; exit }'; }
killed=()
for k in $(seq $((agents - 1)) -1 $((agents - kills))); do
  agent_port=$(listen_port "${agent_pids[$k]}")
  killed+=("scale$((k + 1)) $agent_port $(date +%s.%N)")
  kill -9 "${agent_pids[$k]}"
  wait "${agent_pids[$k]}" 2>/dev/null || true # reaped here, so that bash does not report the kill
  sleep 35
done

# Seconds from each kill to the master's log line about that agent's address.
since() { # LINE_PATTERN KILL_EPOCH
  local at; at=$(grep -m1 -- "$1" "$work/qmaster.log" | cut -c1-23 || true)
  [ -n "$at" ] && echo "$(date -d "$at" +%s.%N) - $2" | bc -l | xargs printf "%.1f" || echo "never"
}
printf "agent\tunreachable after s\tremoved after s\n"
for entry in "${killed[@]}"; do
  read -r name agent_port at <<< "$entry"
  printf "%s\t%s\t%s\n" "$name" "$(since ":$agent_port is unreachable" "$at")" "$(since ":$agent_port removed" "$at")"
done
echo "nodes that downed the whole cluster: $(grep -l "down all nodes" "$work"/*.log | wc -l)"
echo "# $(load_note) at end; logs in $work"
