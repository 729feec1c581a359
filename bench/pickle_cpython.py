#!/usr/bin/python3
"""CPython's side of the frame benchmark: the original agent's carbon frame (a 4-byte length, then
pickle.dumps(batch, protocol=2)) on the same 20 batches of 500 datapoints as
bench/Qulo.Benchmarks/PickleBenchmarks.cs (same formulas as PickleBatches.cs).

Usage: pickle_cpython.py [QULO_FRAMES_FILE]
With the frames QULo encoded (PickleBenchmarks writes them when QULO_BENCH_FRAMES_FILE is set), each is
unpickled and compared with the batch, which proves both sides encoded the same datapoints.
Prints one JSON object: nanoseconds per datapoint (best of 5 timeit repeats) and bytes per frame."""
import json, pickle, struct, sys, timeit

BATCH_SIZE, BATCH_COUNT = 500, 20
SERIES = ([f"CPUPercent.{cpu}" for cpu in range(16)]
          + [f"VirtualMemory.{f}" for f in ("total", "available", "percent", "used", "free", "active",
                                             "inactive", "buffers", "cached", "shared", "slab")]
          + [f"CPUTimesPercent.{f}" for f in ("user", "nice", "system", "idle", "iowait", "irq", "softirq",
                                               "steal", "guest", "guest_nice")]
          + [f"DiskUsage.root.{f}" for f in ("total", "used", "free", "percent")]
          + [f"NetIOCounters.{f}" for f in ("bytes_sent", "bytes_recv", "packets_sent", "packets_recv",
                                             "errin", "errout", "dropin", "dropout")]
          + [f"CPUStats.{f}" for f in ("ctx_switches", "interrupts", "soft_interrupts", "syscalls")])


def point(k):
    rnd = k // len(SERIES)
    path = f"node{rnd % 1000:03d}.{SERIES[k % len(SERIES)]}"
    timestamp = (1_764_000_000_000 + rnd * 10_000 + k % 7) / 1000.0
    value = k * 2_654_435_761 % 1_000_003 / 100.0
    return (path, (timestamp, value))


BATCHES = [[point(b * BATCH_SIZE + i) for i in range(BATCH_SIZE)] for b in range(BATCH_COUNT)]


def frame(batch):
    payload = pickle.dumps(batch, protocol=2)
    return struct.pack("!L", len(payload)) + payload


def encode_all():
    for batch in BATCHES:
        frame(batch)


def check_qulo_frames(path):
    data, at, frames = open(path, "rb").read(), 0, []
    while at < len(data):
        (length,) = struct.unpack("!L", data[at:at + 4])
        frames.append(4 + length)
        decoded = [(p, (t, v)) for (p, (t, v)) in pickle.loads(data[at + 4:at + 4 + length])]
        if decoded != BATCHES[len(frames) - 1]:
            sys.exit(f"QULo frame {len(frames)} does not decode to the same batch as CPython's")
        at += 4 + length
    if len(frames) != BATCH_COUNT:
        sys.exit(f"QULo wrote {len(frames)} frames, expected {BATCH_COUNT}")
    return sum(frames) / len(frames)


def main():
    loops = 20
    best = min(timeit.repeat(encode_all, number=loops, repeat=5)) / loops
    result = {
        "python": sys.version.split()[0],
        "ns_per_datapoint": best / (BATCH_SIZE * BATCH_COUNT) * 1e9,
        "datapoints_per_s": BATCH_SIZE * BATCH_COUNT / best,
        "bytes_per_frame": sum(len(frame(b)) for b in BATCHES) / BATCH_COUNT,
    }
    if len(sys.argv) > 1:
        result["qulo_bytes_per_frame"] = check_qulo_frames(sys.argv[1])
        result["same_batches_verified"] = True
    print(json.dumps(result))


main()
