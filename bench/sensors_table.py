#!/usr/bin/python3
"""Writes bench/sensors.sh's markdown comparison from BenchmarkDotNet's full JSON reports and psutil_sensors.py's JSON.

Usage: sensors_table.py ARTIFACTS_DIR OUT.md
ARTIFACTS_DIR holds one BenchmarkDotNet artifacts folder and one psutil-SENSOR.json per sensor.
"""
import glob
import json
import os
import platform
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


def main(artifacts, out):
    mine, reference = ours(artifacts), theirs(artifacts)
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.machine())
    load = " ".join(f"{l:.1f}" for l in os.getloadavg())
    lines = [
        "# One sensor sample: QULo for .NET vs psutil",
        "",
        f"Machine: {cpu}, {os.cpu_count()} CPUs, Linux {platform.release()}; psutil {psutil.__version__} on Python "
        f"{platform.python_version()}; load average {load} when the table was written.",
        "Ours: BenchmarkDotNet (10 warm-ups, 15 iterations of 100 ms, in process), default sensor options. "
        "psutil: timeit, 15 runs, the original's default call.",
        "Both columns are the fastest iteration: on a loaded machine that is the one least disturbed by other work.",
        "Each sensor is timed by psutil and then by us, back to back, so both see about the same load; "
        "still, on a shared machine read the ratios, not the last digit.",
        "Regenerate with `bench/sensors.sh`.",
        "",
        "| sensor | ours µs | ours allocated B | psutil µs | ratio (psutil / ours) |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for sensor in sorted(set(mine) | set(reference)):
        mean, allocated = mine.get(sensor, (None, None))
        other = reference.get(sensor)
        ratio = other / mean if mean and other else None
        lines.append(f"| {sensor} | {cell(mean, '.1f')} | {cell(allocated, ',d')} | {cell(other, '.1f')} | {cell(ratio, '.1f')} |")
    floor = kernel_floor(artifacts)
    lines += [
        "",
        "## The kernel's share",
        "",
        "For these sensors psutil's call is little more than the kernel calls it makes; those calls alone, timed as the "
        "sensors are (bench/Qulo.Benchmarks/KernelFloorBenchmarks.cs), bound how much faster than psutil any "
        "implementation asking the kernel the same question can be. Where the best possible ratio is under 2, "
        "the target of half psutil's time cannot be met.",
        "",
        "| sensor | kernel calls | kernel calls alone µs | ours µs | psutil µs | best possible ratio (psutil / kernel calls) |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    calls = {"CPUFreq": "read /proc/cpuinfo", "CPUTimes": "read /proc/stat", "DiskUsage": "statvfs(\"/\")",
             "LoadAvg": "sysinfo(2)",
             "NetIFAddrs": "getifaddrs(3); QULo dumps only after a change notice"}
    for sensor in sorted(floor):
        other = reference.get(sensor)
        best = other / floor[sensor] if other and floor[sensor] else None
        lines.append(f"| {sensor} | {calls.get(sensor, '')} | {floor[sensor]:.2f} | {cell(mine.get(sensor, (None,))[0], '.2f')} | "
                     f"{cell(other, '.2f')} | {cell(best, '.1f')} |")
    with open(out, "w") as f:
        f.write("\n".join(lines) + "\n")
    print(out)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
