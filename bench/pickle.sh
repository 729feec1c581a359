#!/bin/bash
# Carbon frame encoding: QULo (BenchmarkDotNet, bench/Qulo.Benchmarks/PickleBenchmarks.cs) vs CPython's
# pickle.dumps(batch, protocol=2) (bench/pickle_cpython.py) on the same 20 batches of 500 datapoints;
# the Python side also unpickles QULo's frames and checks they hold exactly its batches.
# Usage: bench/pickle.sh     Prints tab-separated rows: name, ns per datapoint, datapoints/s, bytes per frame, allocated B per datapoint.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
artifacts="$bench/BenchmarkDotNet.Artifacts/pickle"
rm -rf "$artifacts"; mkdir -p "$artifacts"
QULO_BENCH_FRAMES_FILE="$artifacts/qulo-frames.bin" dotnet run -c Release --project "$bench/Qulo.Benchmarks" -- \
  --filter '*PickleBenchmarks*' --warmupCount 3 --iterationCount 15 --artifacts "$artifacts" >&2
/usr/bin/python3 "$bench/pickle_cpython.py" "$artifacts/qulo-frames.bin" > "$artifacts/cpython.json"

/usr/bin/python3 - "$artifacts" <<'PY'
import glob, json, os, sys
artifacts = sys.argv[1]
cpython = json.load(open(os.path.join(artifacts, "cpython.json")))
report = glob.glob(os.path.join(artifacts, "results", "*-report-full.json"))[0]
for b in json.load(open(report))["Benchmarks"]:
    ns = b["Statistics"]["Median"]
    print(f"qulo-{b['Method']}\t{ns:.1f}\t{1e9 / ns:.0f}\t{cpython['qulo_bytes_per_frame']:.1f}\t{b['Memory']['BytesAllocatedPerOperation']}")
print(f"cpython-{cpython['python']}-pickle.dumps\t{cpython['ns_per_datapoint']:.1f}\t{cpython['datapoints_per_s']:.0f}\t{cpython['bytes_per_frame']:.1f}\tn/a")
PY
