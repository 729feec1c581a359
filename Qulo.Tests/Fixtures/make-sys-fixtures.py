#!/usr/bin/env python3
"""Regenerates the binary and bulky sensor fixtures: the utmp files and the sys-256cpu tree.

The utmp records follow glibc's struct utmp on Linux x86_64/aarch64 (384 bytes, little-endian):
  short ut_type; (2 bytes padding) int ut_pid; char ut_line[32]; char ut_id[4]; char ut_user[32];
  char ut_host[256]; short e_termination, e_exit; int ut_session; int tv_sec, tv_usec;
  int ut_addr_v6[4]; char reserved[20]
Run from anywhere: python3 make-sys-fixtures.py
"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
UTMP = struct.Struct("<hxxi32s4s32s256shhiii16s20s")
assert UTMP.size == 384
RUN_LVL, BOOT_TIME, LOGIN_PROCESS, USER_PROCESS, DEAD_PROCESS = 1, 2, 6, 7, 8


def record(kind, user, line="", pid=0, host="", started=1764130000):
    return UTMP.pack(kind, pid, line.encode(), line[-4:].encode(), user.encode(), host.encode(),
                     0, 0, 0, started, 0, b"", b"")


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb" if isinstance(data, bytes) else "w") as f:
        f.write(data)


def laptop_utmp():
    # Five sessions: alice twice, bob, jean.luc (sanitised to jean_luc) and a name filling all 32 bytes
    # (no NUL terminator); the other records are not sessions and psutil skips them.
    long_name = "a" * 32
    return b"".join([
        record(BOOT_TIME, "reboot", "~"),
        record(RUN_LVL, "runlevel", "~"),
        record(LOGIN_PROCESS, "LOGIN", "tty1", pid=700),
        record(USER_PROCESS, "alice", "pts/0", pid=1001, host="10.0.0.5"),
        record(USER_PROCESS, "alice", "pts/1", pid=1002, host=":0"),
        record(USER_PROCESS, "bob", "pts/2", pid=1003, host="laptop.example.org"),
        record(DEAD_PROCESS, "carol", "pts/3", pid=1004),
        record(USER_PROCESS, "jean.luc", "tty2", pid=1005),
        record(USER_PROCESS, long_name, "pts/4", pid=1006),
    ])


def many_cpus(root, cpus=256):
    """256 CPUs, two threads per core; CPU n is busy (n % 101)% of the one second between the two samples."""
    def stat(later):
        lines, total = [], [0] * 10
        for n in range(cpus):
            busy = n % 101 if later else 0
            idle = 100 - busy if later else 0
            times = [1000 + n + busy, 0, 500, 10000 + idle, 0, 0, 0, 0, 0, 0]
            total = [a + b for a, b in zip(total, times)]
            lines.append("cpu%d %s" % (n, " ".join(map(str, times))))
        head = "cpu  " + " ".join(map(str, total))
        tail = ["intr 4000000000 1 2 3", "ctxt 9000000000", "btime 1764000000", "softirq 3000000000 1 2"]
        return "\n".join([head] + lines + tail) + "\n"

    write(f"{root}/proc/stat", stat(False))
    write(f"{root}/proc-later/stat", stat(True))
    write(f"{root}/proc/cpuinfo", "".join("processor\t: %d\nBogoMIPS\t: 50.00\n\n" % n for n in range(cpus)))
    write(f"{root}/proc/meminfo", "MemTotal:       1056000000 kB\nMemFree:         800000000 kB\n"
          "MemAvailable:    990000000 kB\nBuffers:           1000000 kB\nCached:          100000000 kB\n"
          "SwapTotal:              0 kB\nSwapFree:               0 kB\n")
    cpu = f"{root}/sys/devices/system/cpu"
    write(f"{cpu}/online", "0-%d\n" % (cpus - 1))
    for n in range(cpus):
        first = n - n % 2
        write(f"{cpu}/cpu{n}/topology/core_cpus_list", "%d-%d\n" % (first, first + 1))
    # One cpufreq policy per 64-CPU cluster; policy192 only has cpuinfo_cur_freq (old drivers).
    for i, policy in enumerate([0, 64, 128, 192]):
        d = f"{cpu}/cpufreq/policy{policy}"
        current = "cpuinfo_cur_freq" if policy == 192 else "scaling_cur_freq"
        write(f"{d}/{current}", "%d\n" % (2000000 + 100000 * i))
        write(f"{d}/scaling_min_freq", "1000000\n")
        write(f"{d}/scaling_max_freq", "3000000\n")


if __name__ == "__main__":
    write(f"{HERE}/sys-laptop/utmp", laptop_utmp())
    write(f"{HERE}/sys-malformed/utmp", laptop_utmp()[:500])
    many_cpus(f"{HERE}/sys-256cpu")
