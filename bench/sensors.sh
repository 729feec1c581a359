#!/bin/sh
# Times one sample of every registered sensor (BenchmarkDotNet, bench/Qulo.Benchmarks) and psutil's same call
# (bench/psutil_sensors.py) on this machine, and writes the comparison to bench/results/sensors.md.
# The two are timed back to back sensor by sensor, so that both see about the same load on a shared machine;
# the whole comparison is repeated ROUNDS times and the table shows medians, because one round's ratio moves
# by a third from run to run there.
# Usage: bench/sensors.sh [ROUNDS]   (from anywhere; default 3 rounds, about 5 minutes each)
set -eu
rounds=${1:-3}
bench=$(cd "$(dirname "$0")" && pwd)
artifacts="$bench/BenchmarkDotNet.Artifacts"
rm -rf "$artifacts"
mkdir -p "$artifacts" "$bench/results"

dotnet build -c Release "$bench/Qulo.Benchmarks" >&2
benchmarks="$bench/Qulo.Benchmarks/bin/Release/net10.0/Qulo.Benchmarks.dll"
for round in $(seq "$rounds"); do
  out="$artifacts/round-$round"
  mkdir -p "$out"
  for sensor in $(dotnet "$benchmarks" --sensors); do
    /usr/bin/python3 "$bench/psutil_sensors.py" "$sensor" > "$out/psutil-$sensor.json"
    QULO_BENCH_SENSORS=$sensor dotnet "$benchmarks" --filter '*SensorBenchmarks*' --artifacts "$out/$sensor" >&2
  done
  # The kernel calls alone under the sensors whose psutil call is little more than them.
  dotnet "$benchmarks" --filter '*KernelFloorBenchmarks*' --artifacts "$out/kernel-floor" >&2
done

/usr/bin/python3 "$bench/sensors_table.py" "$artifacts" "$bench/results/sensors.md"
