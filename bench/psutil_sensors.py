#!/usr/bin/python3
"""Times psutil's calls behind QULo's sensors (the original's defaults) with timeit; prints JSON {sensor: microseconds}.

The reference for bench/Qulo.Benchmarks: same machine, same sensors, one sample each.
Usage: /usr/bin/python3 bench/psutil_sensors.py [--seconds-per-sensor 1.5] [SENSOR ...]   (all sensors by default)
"""
import argparse
import json
import sys
import timeit

import psutil

# Sensor name -> the psutil call it stands for, with the options the original used by default.
CALLS = {
    "CPUPercent": "psutil.cpu_percent(percpu=True)",
    "CPUTimes": "psutil.cpu_times()",
    "CPUTimesPercent": "psutil.cpu_times_percent()",
    "CPUCount": "psutil.cpu_count()",
    "CPUStats": "psutil.cpu_stats()",
    "CPUFreq": "psutil.cpu_freq()",
    "VirtualMemory": "psutil.virtual_memory()",
    "SwapMemory": "psutil.swap_memory()",
    "BootTime": "psutil.boot_time()",
    "Users": "psutil.users()",
    "DiskPartitions": "psutil.disk_partitions()",
    "DiskUsage": "psutil.disk_usage('/')",
    "DiskIOCounters": "psutil.disk_io_counters()",
    "NetIOCounters": "psutil.net_io_counters()",
    "NetConnections": "psutil.net_connections()",
    "NetIFAddrs": "psutil.net_if_addrs()",
    "NetIFStats": "psutil.net_if_stats()",
    "SensorsTemperatures": "psutil.sensors_temperatures()",
    "SensorsFans": "psutil.sensors_fans()",
    "SensorsBattery": "psutil.sensors_battery()",
    "LoadAvg": "psutil.getloadavg()",
    "Processes": "[p.info for p in psutil.process_iter(['status', 'num_threads'])]",
}


def time_call(statement, seconds, repeats=15):
    """Fastest of 15 runs (like the benchmark's 15 iterations), together lasting about seconds, in µs per call.
    The minimum, not the median: on a shared, loaded machine it is the run least disturbed by others."""
    timer = timeit.Timer(statement, globals={"psutil": psutil})
    timer.timeit(number=3)  # warm-up, and the baseline psutil's percentages keep
    number, elapsed = timer.autorange()
    number = max(1, int(number * (seconds / repeats) / max(elapsed, 1e-9)))
    return min(timer.repeat(repeat=repeats, number=number)) / number * 1e6


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds-per-sensor", type=float, default=1.5)
    parser.add_argument("sensors", nargs="*", help="sensor names (default: all); names psutil has no call for are skipped")
    args = parser.parse_args()
    results = {}
    for sensor in args.sensors or CALLS:
        if sensor not in CALLS:
            continue
        statement = CALLS[sensor]
        try:
            results[sensor] = time_call(statement, args.seconds_per_sensor)
        except (psutil.Error, OSError) as error:  # e.g. net_connections() without privileges
            results[sensor] = None
            print(f"{sensor}: {statement} failed: {error}", file=sys.stderr)
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
