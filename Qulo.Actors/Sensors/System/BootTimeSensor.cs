using Qulo.Actors.Metrics;
using Qulo.Actors.Sensors.Procfs;

namespace Qulo.Actors.Sensors.SystemInfo;

/// <summary>psutil.boot_time(): when the machine booted, in seconds since the epoch ("btime" of /proc/stat).</summary>
public sealed class BootTimeSensor(SensorContext context) : IDescribedSensor
{
    public static SensorInfo Info { get; } = new(
        "BootTime",
        "When the machine booted, in seconds since the epoch (psutil.boot_time).",
        [],
        ["BootTime"],
        context => new BootTimeSensor(context));

    private readonly KeptFile _stat = ProcStat.File(context.Roots);

    public IReadOnlyList<Reading> Read() => [Reading.Scalar(ProcStat.Read(_stat).Counter("btime"))];
}
