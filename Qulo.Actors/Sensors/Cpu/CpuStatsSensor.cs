using Qulo.Actors.Metrics;
using Qulo.Actors.Sensors.Procfs;

namespace Qulo.Actors.Sensors.Cpu;

/// <summary>psutil.cpu_stats(): context switches, interrupts and soft interrupts since boot, from /proc/stat.</summary>
public sealed class CpuStatsSensor(SensorContext context) : IDescribedSensor
{
    public static SensorInfo Info { get; } = new(
        "CPUStats",
        "Context switches, interrupts and soft interrupts since boot (psutil.cpu_stats); syscalls is always 0 on Linux, as in psutil.",
        [],
        ["CPUStats.ctx_switches", "CPUStats.interrupts", "CPUStats.soft_interrupts", "CPUStats.syscalls"],
        context => new CpuStatsSensor(context));

    private readonly KeptFile _stat = ProcStat.File(context.Roots);

    public IReadOnlyList<Reading> Read()
    {
        var stat = ProcStat.Read(_stat);
        return
        [
            new("ctx_switches", stat.Counter("ctxt")),
            new("interrupts", stat.Counter("intr")),
            new("soft_interrupts", stat.Counter("softirq")),
            // Linux has no system-wide syscall counter; psutil reports 0.
            new("syscalls", 0),
        ];
    }
}
