#!/bin/bash
# Runs every QULo benchmark with its reference side by side and writes bench/results/README.md.
# Usage: bench/run-all.sh [--quick]
#   full:  sensors in 3 rounds, load run 60 s, agent footprint 10 min, a 17-node cluster 5 min (about 45 minutes in all)
#   quick: sensors in 1 round, load run 20 s, agent footprint 2 min
# QULO_BENCH_QMASTER=PATH measures another qmaster build in the load run (see bench/lib.sh).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
quick=${1:-}
if [ "$quick" = --quick ]; then sensor_rounds=1; load_seconds=20; footprint_minutes=2; else sensor_rounds=3; load_seconds=60; footprint_minutes=10; fi
out="$bench/results"
raw="$out/raw"
mkdir -p "$raw"
build_release

load_note > "$raw/load-start.txt"
"$bench/pickle.sh" > "$raw/pickle.tsv"
"$bench/wire.sh" > "$raw/wire.tsv"
"$bench/sensors.sh" "$sensor_rounds" > /dev/null
load_command="Qulo.LoadGen run --agents 100 --processes 4 --seconds $load_seconds --rate 1000000 --series 100"
load_note > "$raw/load-loadgen.txt"
default_qmaster="this checkout's Release build"
echo "${QULO_BENCH_QMASTER:-$default_qmaster}" > "$raw/qmaster.txt"
"$loadgen" run --qmaster "$qmaster" --agents 100 --processes 4 --seconds "$load_seconds" --rate 1000000 --series 100 \
  > "$raw/loadgen.tsv" 2> "$raw/loadgen.txt"
"$loadgen" buffer --points 1000000 --agents 1000 --series 100 > "$raw/buffer.tsv" 2> "$raw/buffer.txt"
load_note > "$raw/load-footprint.txt"
"$bench/agent-footprint.sh" "$footprint_minutes" > "$raw/footprint.tsv"
"$bench/cluster-scale.sh" 16 4 > "$raw/cluster-scale.txt"
load_note > "$raw/load-end.txt"

/usr/bin/python3 "$bench/results_table.py" "$raw" "$load_command" "$footprint_minutes" > "$out/README.md"
echo "$out/README.md"
