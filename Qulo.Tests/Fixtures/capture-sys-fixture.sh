#!/bin/sh
# Captures the /proc and /sys files the CPU, memory and system sensors read into Fixtures/<shape>/,
# plus a second /proc/stat a few seconds later (proc-later/stat) for the two-sample sensors.
# Usage: capture-sys-fixture.sh sys-<shape>
set -eu
shape=${1:?usage: $0 sys-<shape>}
cd "$(dirname "$0")"
mkdir -p "$shape/proc" "$shape/proc-later" "$shape/sys/devices/system/cpu"
for f in stat meminfo vmstat cpuinfo zoneinfo; do cat "/proc/$f" > "$shape/proc/$f"; done
cpu=/sys/devices/system/cpu
cat $cpu/online > "$shape/sys/devices/system/cpu/online"
for dir in $cpu/cpu[0-9]*; do
  name=$(basename "$dir")
  for f in topology/core_cpus_list topology/thread_siblings_list \
           cpufreq/scaling_cur_freq cpufreq/cpuinfo_cur_freq cpufreq/scaling_min_freq cpufreq/scaling_max_freq; do
    if [ -r "$dir/$f" ]; then
      mkdir -p "$shape/sys/devices/system/cpu/$name/$(dirname $f)"
      cat "$dir/$f" > "$shape/sys/devices/system/cpu/$name/$f"
    fi
  done
done
for dir in $cpu/cpufreq/policy[0-9]*; do
  [ -d "$dir" ] || continue
  mkdir -p "$shape/sys/devices/system/cpu/cpufreq/$(basename "$dir")"
  for f in scaling_cur_freq cpuinfo_cur_freq scaling_min_freq scaling_max_freq; do
    [ -r "$dir/$f" ] && cat "$dir/$f" > "$shape/sys/devices/system/cpu/cpufreq/$(basename "$dir")/$f"
  done
done
if [ -r /var/run/utmp ]; then cat /var/run/utmp > "$shape/utmp"; fi
sleep 3
cat /proc/stat > "$shape/proc-later/stat"
