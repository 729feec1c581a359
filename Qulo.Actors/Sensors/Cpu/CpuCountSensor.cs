using Qulo.Actors.Metrics;
using Qulo.Actors.Sensors.Procfs;

namespace Qulo.Actors.Sensors.Cpu;

/// <summary>psutil.cpu_count(logical=...): online logical CPUs, or physical cores.</summary>
public sealed class CpuCountSensor(SensorContext context) : IDescribedSensor
{
    public static SensorInfo Info { get; } = new(
        "CPUCount",
        "Number of online logical CPUs, or of physical cores with logical=false (psutil.cpu_count).",
        [SensorOption.Bool("logical", true, "count logical CPUs (hyper-threads) rather than physical cores")],
        ["CPUCount"],
        context => new CpuCountSensor(context));

    private readonly bool _logical = context.Options.GetBool("logical");
    private readonly KeptFile _online = SysCpu.OnlineFile(context.Roots);
    private readonly KeptFile _stat = ProcStat.File(context.Roots);

    public IReadOnlyList<Reading> Read()
    {
        var count = _logical ? LogicalCount() : PhysicalCount();
        // psutil returns None for an undetermined count; there is nothing to report then.
        return count > 0 ? [Reading.Scalar(count)] : [];
    }

    /// <summary>
    /// glibc's sysconf(_SC_NPROCESSORS_ONLN), which psutil calls: the sysfs "online" list, else the cpuN
    /// lines of /proc/stat (glibc's own fallback).
    /// </summary>
    private int LogicalCount() => SysCpu.OnlineCount(_online) ?? ProcStat.Read(_stat).PerCpu.Count;

    /// <summary>psutil's two methods in its order: distinct sysfs core lists, else /proc/cpuinfo packages.</summary>
    private int PhysicalCount()
    {
        var cores = SysCpu.DistinctCores(context.Roots);
        return cores > 0 ? cores : CpuInfo.PhysicalCores(context.Roots) ?? 0;
    }
}
