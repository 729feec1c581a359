#!/bin/sh
# Times one sample of every registered sensor (BenchmarkDotNet, bench/Qulo.Benchmarks) and psutil's same call
# (bench/psutil_sensors.py) on this machine, and writes the comparison to bench/results/sensors.md.
# The two are timed back to back sensor by sensor, so that both see about the same load on a shared machine.
# Usage: bench/sensors.sh   (from anywhere; takes a few minutes)
set -eu
bench=$(cd "$(dirname "$0")" && pwd)
artifacts="$bench/BenchmarkDotNet.Artifacts"
rm -rf "$artifacts"
mkdir -p "$artifacts" "$bench/results"

dotnet build -c Release "$bench/Qulo.Benchmarks" >&2
benchmarks="$bench/Qulo.Benchmarks/bin/Release/net10.0/Qulo.Benchmarks.dll"
for sensor in $(dotnet "$benchmarks" --sensors); do
  /usr/bin/python3 "$bench/psutil_sensors.py" "$sensor" > "$artifacts/psutil-$sensor.json"
  QULO_BENCH_SENSORS=$sensor dotnet "$benchmarks" --filter '*SensorBenchmarks*' --artifacts "$artifacts/$sensor" >&2
done
# The kernel calls alone under the sensors whose psutil call is little more than them.
dotnet "$benchmarks" --filter '*KernelFloorBenchmarks*' --artifacts "$artifacts/kernel-floor" >&2

/usr/bin/python3 "$bench/sensors_table.py" "$artifacts" "$bench/results/sensors.md"
