#!/usr/bin/python3
"""Writes the markdown comparison of bench/sensors.sh from BenchmarkDotNet's full JSON report and psutil_sensors.py's JSON.

Usage: sensors_table.py ARTIFACTS_DIR OUT.md
"""
import glob, json, os, platform, sys
artifacts, out = sys.argv[1], sys.argv[2]
report = max(glob.glob(os.path.join(artifacts, "results", "*-report-full.json")), key=os.path.getmtime)
ours = {}
for b in json.load(open(report))["Benchmarks"]:
    sensor = b["Parameters"].split("=", 1)[1]
    ours[sensor] = (b["Statistics"]["Min"] / 1000, b["Memory"]["BytesAllocatedPerOperation"])
theirs = json.load(open(os.path.join(artifacts, "psutil.json")))
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.machine())
import psutil
lines = [
    "# One sensor sample: QULo for .NET vs psutil",
    "",
    f"Machine: {cpu}, {os.cpu_count()} CPUs, Linux {platform.release()}; psutil {psutil.__version__} on Python {platform.python_version()};",
    f"load average {' '.join(f'{l:.1f}' for l in os.getloadavg())} when the table was written.",
    "Ours: BenchmarkDotNet (10 warm-ups, 15 iterations of 100 ms, in process), default sensor options. psutil: timeit, 15 runs, the original's default call.",
    "Both columns are the fastest iteration: on a loaded machine that is the one least disturbed by other work.",
    "Both sample the live machine, which other builds share: read the ratios, not the last digit.",
    "Regenerate with `bench/sensors.sh`.",
    "",
    "| sensor | ours µs | ours allocated B | psutil µs | ratio (psutil / ours) |",
    "| --- | ---: | ---: | ---: | ---: |",
]
for sensor in sorted(set(ours) | set(theirs)):
    mean, allocated = ours.get(sensor, (None, None))
    other = theirs.get(sensor)
    cell = lambda v, f: "n/a" if v is None else format(v, f)
    ratio = other / mean if mean and other else None
    lines.append(f"| {sensor} | {cell(mean, '.1f')} | {cell(allocated, ',d')} | {cell(other, '.1f')} | {cell(ratio, '.1f')} |")
open(out, "w").write("\n".join(lines) + "\n")
print(out)
