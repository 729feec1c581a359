#!/usr/bin/env python3
"""Checks qagent's GPU sensor against NVML on a real NVIDIA node.

Usage: scripts/gpu-parity.py QAGENT [--rounds N]

Runs `QAGENT test --json GPU` with source = nvml and with source = nvidia-smi, and compares every field
with the same reading taken just before and just after through NVML's own Python binding (nvidia-ml-py,
`import pynvml`) and through `nvidia-smi --query-gpu`. A fixed value (memory_total, power_limit, ECC
counts) must be equal; a moving one (utilisation, temperature, power, clocks, used memory) must lie
within the references' before/after range widened by a tolerance. A field the card does not support
(NVML_ERROR_NOT_SUPPORTED, nvidia-smi's "[N/A]") must be left out by the sensor. Exit status 1 on any
mismatch. Needs no GPU load, but a busy GPU makes the moving fields worth comparing.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

import pynvml

MIB = 1024 * 1024
# field: (tolerance for a moving value, or None for a fixed one)
FIELDS = {
    "utilization_gpu": 10, "utilization_memory": 10, "memory_used": 256 * MIB, "memory_total": None,
    "temperature": 3, "power_draw": 40, "power_limit": None, "clock_sm": 200, "clock_mem": 100,
    "fan_speed": 5, "ecc_corrected": None, "ecc_uncorrected": None, "processes": 1,
}
SMI_QUERY = {
    "utilization_gpu": "utilization.gpu", "utilization_memory": "utilization.memory",
    "memory_used": "memory.used", "memory_total": "memory.total", "temperature": "temperature.gpu",
    "power_draw": "power.draw", "power_limit": "power.limit", "clock_sm": "clocks.sm",
    "clock_mem": "clocks.mem", "fan_speed": "fan.speed",
    "ecc_corrected": "ecc.errors.corrected.volatile.total",
    "ecc_uncorrected": "ecc.errors.uncorrected.volatile.total",
}
SMI_SCALE = {"memory_used": MIB, "memory_total": MIB}


def nvml_reading():
    """Every field per GPU index from pynvml; unsupported fields left out."""
    def supported(call):
        try:
            return call()
        except pynvml.NVMLError_NotSupported:
            return None

    gpus = {}
    for index in range(pynvml.nvmlDeviceGetCount()):
        h = pynvml.nvmlDeviceGetHandleByIndex(index)
        u = supported(lambda: pynvml.nvmlDeviceGetUtilizationRates(h))
        m = pynvml.nvmlDeviceGetMemoryInfo(h, version=pynvml.nvmlMemory_v2)  # used without the driver's reserve, as nvidia-smi
        values = {
            "utilization_gpu": u and u.gpu, "utilization_memory": u and u.memory,
            "memory_used": m.used, "memory_total": m.total,
            "temperature": supported(lambda: pynvml.nvmlDeviceGetTemperature(h, pynvml.NVML_TEMPERATURE_GPU)),
            "power_draw": supported(lambda: pynvml.nvmlDeviceGetPowerUsage(h) / 1000.0),
            "power_limit": supported(lambda: pynvml.nvmlDeviceGetEnforcedPowerLimit(h) / 1000.0),
            "clock_sm": supported(lambda: pynvml.nvmlDeviceGetClockInfo(h, pynvml.NVML_CLOCK_SM)),
            "clock_mem": supported(lambda: pynvml.nvmlDeviceGetClockInfo(h, pynvml.NVML_CLOCK_MEM)),
            "fan_speed": supported(lambda: pynvml.nvmlDeviceGetFanSpeed(h)),
            "ecc_corrected": supported(lambda: pynvml.nvmlDeviceGetTotalEccErrors(
                h, pynvml.NVML_MEMORY_ERROR_TYPE_CORRECTED, pynvml.NVML_VOLATILE_ECC)),
            "ecc_uncorrected": supported(lambda: pynvml.nvmlDeviceGetTotalEccErrors(
                h, pynvml.NVML_MEMORY_ERROR_TYPE_UNCORRECTED, pynvml.NVML_VOLATILE_ECC)),
            "processes": len(supported(lambda: pynvml.nvmlDeviceGetComputeRunningProcesses(h)) or []),
        }
        gpus[index] = {k: float(v) for k, v in values.items() if v is not None}
    return gpus


def smi_reading():
    """The same fields from nvidia-smi's CSV (no process count there); "[N/A]" and "[Not Supported]" left out."""
    fields = list(SMI_QUERY)
    out = subprocess.run(["nvidia-smi", "--query-gpu=index," + ",".join(SMI_QUERY[f] for f in fields),
                          "--format=csv,noheader,nounits"], check=True, capture_output=True, text=True).stdout
    gpus = {}
    for line in out.strip().splitlines():
        cells = [c.strip() for c in line.split(",")]
        gpus[int(cells[0])] = {f: float(c) * SMI_SCALE.get(f, 1) for f, c in zip(fields, cells[1:]) if not c.startswith("[")}
    return gpus


def qagent_reading(qagent, source):
    with tempfile.NamedTemporaryFile("w", suffix=".conf", delete=False) as conf:
        conf.write('qulo { logging.filename = "", sensors { GPU { time_interval = 30, source = "%s" } } }\n' % source)
    try:
        run = subprocess.run([qagent, "test", "--json", "-c", conf.name, "GPU"], capture_output=True, text=True)
    finally:
        os.unlink(conf.name)
    if run.returncode != 0:
        sys.exit(f"qagent test GPU (source {source}) failed with {run.returncode}: {run.stderr.strip()}")
    gpus = {}
    for metric in json.loads(run.stdout):
        index, field = metric["path"].split(".GPU.", 1)[1].split(".", 1)
        gpus.setdefault(int(index), {})[field] = metric["value"]
    return gpus


def compare(label, ours, before, after, fields):
    """Mismatches of one source against the reference sampled before and after it."""
    problems = []
    for index in sorted(set(before) | set(ours)):
        mine, b, a = ours.get(index, {}), before.get(index, {}), after.get(index, {})
        if mine.get("error"):
            problems.append(f"{label} GPU {index}: error = 1")
        for field in fields:
            ref = [r[field] for r in (b, a) if field in r]
            if not ref:
                if field in mine:
                    problems.append(f"{label} GPU {index} {field}: reported {mine[field]} but the reference does not support it")
                continue
            if field not in mine:
                problems.append(f"{label} GPU {index} {field}: missing (reference {ref[0]})")
                continue
            tolerance = FIELDS[field] or 0
            ok = min(ref) - tolerance <= mine[field] <= max(ref) + tolerance
            print(f"{label:22} GPU {index} {field:18} ours {mine[field]:>16.2f}  reference {min(ref):>16.2f} .. {max(ref):<16.2f} {'ok' if ok else 'MISMATCH'}")
            if not ok:
                problems.append(f"{label} GPU {index} {field}: {mine[field]} outside {min(ref)}..{max(ref)} +- {tolerance}")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("qagent")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    pynvml.nvmlInit()
    print(f"driver {pynvml.nvmlSystemGetDriverVersion()}, NVML {pynvml.nvmlSystemGetNVMLVersion()}, "
          f"{pynvml.nvmlDeviceGetCount()} GPU(s): "
          + ", ".join(str(pynvml.nvmlDeviceGetName(pynvml.nvmlDeviceGetHandleByIndex(i))) for i in range(pynvml.nvmlDeviceGetCount())))
    problems = []
    for round_number in range(1, args.rounds + 1):
        print(f"-- round {round_number}")
        for source, reference, fields in (("nvml", nvml_reading, list(FIELDS)), ("nvidia-smi", smi_reading, list(SMI_QUERY))):
            before = reference()
            ours = qagent_reading(args.qagent, source)
            after = reference()
            problems += compare(f"source={source}", ours, before, after, fields)
    for problem in problems:
        print("MISMATCH:", problem)
    print(f"{len(problems)} mismatches")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
