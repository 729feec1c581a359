#!/bin/bash
# The agent -> master wire per datapoint (bench/Qulo.Benchmarks/SerializerBenchmarks.cs): QuloSerializer
# encoding a 1,000-datapoint DeliveryBatch on the agent and decoding it on the master.
# Usage: bench/wire.sh     Prints tab-separated rows: name, ns per datapoint, datapoints/s, allocated B per datapoint.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
artifacts="$bench/BenchmarkDotNet.Artifacts/wire"
rm -rf "$artifacts"; mkdir -p "$artifacts"
dotnet run -c Release --project "$bench/Qulo.Benchmarks" -- --filter '*SerializerBenchmarks*' --warmupCount 3 --iterationCount 15 --artifacts "$artifacts" >&2
/usr/bin/python3 - "$artifacts" <<'PY'
import glob, json, os, sys
report = glob.glob(os.path.join(sys.argv[1], "results", "*-report-full.json"))[0]
for b in json.load(open(report))["Benchmarks"]:
    ns = b["Statistics"]["Median"]
    print(f"{b['Method']}\t{ns:.1f}\t{1e9 / ns:.0f}\t{b['Memory']['BytesAllocatedPerOperation']}")
PY
