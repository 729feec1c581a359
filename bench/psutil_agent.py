#!/usr/bin/python3
"""What the original Python agent did on every node: call psutil for each configured sensor at its
time_interval, forever. The reference side of bench/agent-footprint.sh, measured like qagent.

Usage: psutil_agent.py QAGENT_CONF [--every SECONDS]
Intervals come from the sensor blocks of the same HOCON file qagent runs with (hocon/qagent.conf
lists the twenty seed sensors); --every overrides them all (the stress variant)."""
import heapq, re, sys, time
import psutil

CALLS = {
    "CPUPercent": lambda: psutil.cpu_percent(percpu=True),
    "VirtualMemory": psutil.virtual_memory,
    "CPUTimes": psutil.cpu_times,
    "CPUTimesPercent": psutil.cpu_times_percent,
    "CPUCount": psutil.cpu_count,
    "CPUStats": psutil.cpu_stats,
    "CPUFreq": psutil.cpu_freq,
    "SwapMemory": psutil.swap_memory,
    "DiskPartitions": psutil.disk_partitions,
    "DiskUsage": lambda: psutil.disk_usage("/"),
    "DiskIOCounters": psutil.disk_io_counters,
    "NetIOCounters": psutil.net_io_counters,
    "NetConnections": lambda: psutil.net_connections("inet"),
    "NetIFAddrs": psutil.net_if_addrs,
    "NetIFStats": psutil.net_if_stats,
    "SensorsTemperatures": psutil.sensors_temperatures,
    "SensorsFans": psutil.sensors_fans,
    "SensorsBattery": psutil.sensors_battery,
    "BootTime": psutil.boot_time,
    "Users": psutil.users,
}


def intervals(conf, every):
    found = {name: float(seconds) for name, seconds in
             re.findall(r"^\s*(\w+)\s*\{\s*\n\s*time_interval\s*=\s*([0-9.]+)", open(conf).read(), re.M)
             if name in CALLS}
    if not found:
        sys.exit(f"{conf}: no sensor block with a time_interval")
    return {name: every or seconds for name, seconds in found.items()}


def main():
    every = float(sys.argv[sys.argv.index("--every") + 1]) if "--every" in sys.argv else None
    schedule = intervals(sys.argv[1], every)
    now = time.monotonic()
    due = [(now, name) for name in schedule]
    heapq.heapify(due)
    while True:
        at, name = heapq.heappop(due)
        time.sleep(max(0.0, at - time.monotonic()))
        CALLS[name]()
        heapq.heappush(due, (at + schedule[name], name))


main()
