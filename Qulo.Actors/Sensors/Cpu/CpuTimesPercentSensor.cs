using Qulo.Actors.Sensors.Procfs;
using Qulo.Actors.Metrics;

namespace Qulo.Actors.Sensors.Cpu;

/// <summary>psutil.cpu_times_percent(percpu=...): each CPU time field's share of the time since the previous sample.</summary>
public sealed class CpuTimesPercentSensor(SensorContext context) : IDescribedSensor
{
    public static SensorInfo Info { get; } = new(
        "CPUTimesPercent",
        "Share of each CPU time field (user, system, idle, ...) in percent since the previous sample (psutil.cpu_times_percent).",
        [SensorOption.Bool("percpu", false, "one set of fields per logical CPU (CPUTimesPercent.0.user, ...)")],
        ["CPUTimesPercent.{field}", "CPUTimesPercent.{cpu}.{field} (percpu=true)"],
        context => new CpuTimesPercentSensor(context));

    private readonly CpuTimesHistory _history = new(context.Roots, context.Options.GetBool("percpu"));
    private readonly CpuReadingNames _names = new();

    public bool NeedsTwoSamples => true;

    public IReadOnlyList<Reading> Read()
    {
        if (_history.Advance() is not { } pairs) return [];
        var readings = new List<Reading>(pairs.Count * CpuTimes.FieldNames.Count);
        for (var cpu = 0; cpu < pairs.Count; cpu++)
        {
            var percents = CpuUsage.FieldPercents(pairs[cpu].Before, pairs[cpu].After);
            CpuUsage.AddFields(readings, _history.PerCpu ? _names.Fields(cpu) : CpuReadingNames.MachineFields, percents);
        }
        return readings;
    }
}
