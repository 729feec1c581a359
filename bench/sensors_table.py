#!/usr/bin/python3
"""Writes bench/sensors.sh's markdown comparison from BenchmarkDotNet's full JSON reports and psutil_sensors.py's JSON.

Usage: sensors_table.py ARTIFACTS_DIR OUT.md
ARTIFACTS_DIR holds a folder round-N per round, each with one BenchmarkDotNet artifacts folder and one
psutil-SENSOR.json per sensor. Every figure is the median over the rounds; a ratio is the median of the rounds' ratios.
"""
import glob
import json
import os
import platform
import statistics
import sys

import psutil


def benchmarks(artifacts, type_name):
    """BenchmarkDotNet's results of one benchmark class, from every full JSON report under ARTIFACTS_DIR."""
    for report in glob.glob(os.path.join(artifacts, "**", "*-report-full.json"), recursive=True):
        yield from (b for b in json.load(open(report))["Benchmarks"] if b["Type"] == type_name)


def ours(artifacts):
    """Sensor -> (fastest iteration in µs, bytes allocated per sample)."""
    return {b["Parameters"].split("=", 1)[1]: (b["Statistics"]["Min"] / 1000, b["Memory"]["BytesAllocatedPerOperation"])
            for b in benchmarks(artifacts, "SensorBenchmarks")}


def kernel_floor(artifacts):
    """Sensor -> the fastest run of the kernel call under it alone, in µs (KernelFloorBenchmarks)."""
    return {b["Method"]: b["Statistics"]["Min"] / 1000 for b in benchmarks(artifacts, "KernelFloorBenchmarks")}


def theirs(artifacts):
    """Sensor -> psutil's fastest run in µs (None where the call failed)."""
    results = {}
    for path in glob.glob(os.path.join(artifacts, "psutil-*.json")):
        results.update(json.load(open(path)))
    return results


def cell(value, spec):
    return "n/a" if value is None else format(value, spec)


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def ratio(numerator, denominator):
    return numerator / denominator if numerator and denominator else None


def spread(values):
    """The lowest and highest of the rounds' values, as "1.6-2.3" (one value alone when there is one round)."""
    values = [v for v in values if v is not None]
    if not values:
        return "n/a"
    low, high = f"{min(values):.1f}", f"{max(values):.1f}"
    return low if low == high else f"{low}-{high}"


def main(artifacts, out):
    rounds = [(ours(r), theirs(r), kernel_floor(r)) for r in sorted(glob.glob(os.path.join(artifacts, "round-*")))]
    sensors = sorted({s for mine, reference, _ in rounds for s in set(mine) | set(reference)})
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.machine())
    load = " ".join(f"{l:.1f}" for l in os.getloadavg())
    lines = [
        "# One sensor sample: QULo for .NET vs psutil",
        "",
        f"Machine: {cpu}, {os.cpu_count()} CPUs, Linux {platform.release()}; psutil {psutil.__version__} on Python "
        f"{platform.python_version()}; load average {load} when the table was written.",
        "Ours: BenchmarkDotNet (10 warm-ups, 15 iterations of 100 ms, in process), default sensor options. "
        "psutil: timeit, 15 runs, the original's default call.",
        "In each round both are the fastest iteration: on a loaded machine that is the one least disturbed by other work.",
        "Each sensor is timed by psutil and then by us, back to back, so both see about the same load. On a shared "
        f"machine one round's ratio moves by a third from run to run: the table shows the median of {len(rounds)} "
        "rounds, and the lowest and highest round's ratio.",
        "Regenerate with `bench/sensors.sh`.",
        "",
        "| sensor | ours µs | ours allocated B | psutil µs | ratio (psutil / ours) | rounds' ratios |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for sensor in sensors:
        mine = [r[0].get(sensor, (None, None)) for r in rounds]
        other = [r[1].get(sensor) for r in rounds]
        ratios = [ratio(o, m[0]) for m, o in zip(mine, other)]
        lines.append(f"| {sensor} | {cell(median(m[0] for m in mine), '.1f')} | {cell(median(m[1] for m in mine), ',.0f')} | "
                     f"{cell(median(other), '.1f')} | {cell(median(ratios), '.1f')} | {spread(ratios)} |")
    lines += [
        "",
        "## The kernel's share",
        "",
        "For these sensors psutil's call is little more than the kernel calls it makes; those calls alone, timed as the "
        "sensors are (bench/Qulo.Benchmarks/KernelFloorBenchmarks.cs), bound how much faster than psutil any "
        "implementation asking the kernel the same question can be. Where the best possible ratio is under 2, "
        "the target of half psutil's time cannot be met.",
        "",
        "| sensor | kernel calls | kernel calls alone µs | ours µs | psutil µs | best possible ratio (psutil / kernel calls) | rounds' best possible |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    calls = {"CPUFreq": "read /proc/cpuinfo", "CPUTimes": "read /proc/stat", "DiskUsage": "statvfs(\"/\")",
             "LoadAvg": "sysinfo(2)",
             "NetIFAddrs": "getifaddrs(3); QULo dumps only after a change notice"}
    for sensor in sorted({s for _, _, floor in rounds for s in floor}):
        floor = [r[2].get(sensor) for r in rounds]
        other = [r[1].get(sensor) for r in rounds]
        best = [ratio(o, f) for o, f in zip(other, floor)]
        lines.append(f"| {sensor} | {calls.get(sensor, '')} | {cell(median(floor), '.2f')} | "
                     f"{cell(median(r[0].get(sensor, (None,))[0] for r in rounds), '.2f')} | {cell(median(other), '.2f')} | "
                     f"{cell(median(best), '.1f')} | {spread(best)} |")
    with open(out, "w") as f:
        f.write("\n".join(lines) + "\n")
    print(out)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
