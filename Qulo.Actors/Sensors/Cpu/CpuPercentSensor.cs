using Qulo.Actors.Metrics;

namespace Qulo.Actors.Sensors.Cpu;

/// <summary>psutil.cpu_percent(percpu=...): busy percentage since the previous sample, per CPU by default.</summary>
public sealed class CpuPercentSensor(SensorContext context) : IDescribedSensor
{
    public static SensorInfo Info { get; } = new(
        "CPUPercent",
        "CPU utilisation in percent since the previous sample (psutil.cpu_percent), one value per CPU by default.",
        [SensorOption.Bool("percpu", true, "one value per logical CPU (CPUPercent.0, CPUPercent.1, ...) instead of one for the machine")],
        ["CPUPercent.{cpu}", "CPUPercent (percpu=false)"],
        context => new CpuPercentSensor(context));

    private readonly CpuTimesHistory _history = new(context.Roots, context.Options.GetBool("percpu"));
    private readonly CpuReadingNames _names = new();

    public bool NeedsTwoSamples => true;

    public IReadOnlyList<Reading> Read()
    {
        if (_history.Advance() is not { } pairs) return [];
        if (!_history.PerCpu) return [Reading.Scalar(CpuUsage.BusyPercent(pairs[0].Before, pairs[0].After))];
        var readings = new List<Reading>(pairs.Count);
        for (var cpu = 0; cpu < pairs.Count; cpu++)
            readings.Add(new Reading(_names.Cpu(cpu), CpuUsage.BusyPercent(pairs[cpu].Before, pairs[cpu].After)));
        return readings;
    }
}
