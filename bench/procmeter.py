#!/usr/bin/python3
"""Measures processes the way the issue defines it, from /proc: CPU % of one core (utime + stime
delta / wall time), private memory (RssAnon) and total RSS (VmRSS) at the end of the window.

Usage: procmeter.py SECONDS NAME=PID [NAME=PID ...]
Prints one tab-separated line per process: name, cpu_percent, rss_anon_mb, rss_mb."""
import os, sys, time

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def memory_mb(pid):
    values = {}
    for line in open(f"/proc/{pid}/status"):
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "RssAnon"):
            values[key] = int(rest.split()[0]) / 1024
    return values["RssAnon"], values["VmRSS"]


def main():
    seconds = float(sys.argv[1])
    targets = [arg.split("=", 1) for arg in sys.argv[2:]]
    start_wall, start = time.monotonic(), {name: cpu_seconds(pid) for name, pid in targets}
    time.sleep(seconds)
    wall = time.monotonic() - start_wall
    for name, pid in targets:
        try:
            cpu = 100 * (cpu_seconds(pid) - start[name]) / wall
            anon, rss = memory_mb(pid)
            print(f"{name}\t{cpu:.3f}\t{anon:.1f}\t{rss:.1f}")
        except FileNotFoundError:
            print(f"{name}\tdied\tdied\tdied")


main()
