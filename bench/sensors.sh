#!/bin/sh
# Times one sample of every registered sensor (BenchmarkDotNet, bench/Qulo.Benchmarks) and psutil's same call
# (bench/psutil_sensors.py) on this machine, and writes the comparison to bench/results/sensors.md.
# Usage: bench/sensors.sh   (from anywhere; takes a few minutes)
set -eu
bench=$(cd "$(dirname "$0")" && pwd)
artifacts="$bench/BenchmarkDotNet.Artifacts"
mkdir -p "$bench/results"

dotnet run -c Release --project "$bench/Qulo.Benchmarks" -- \
  --filter '*SensorBenchmarks*' --artifacts "$artifacts" --join >&2
/usr/bin/python3 "$bench/psutil_sensors.py" > "$artifacts/psutil.json"

/usr/bin/python3 "$bench/sensors_table.py" "$artifacts" "$bench/results/sensors.md"
