using System.Globalization;
using Qulo.Actors.Metrics;
using Qulo.Actors.Sensors.Procfs;

namespace Qulo.Actors.Sensors.Cpu;

/// <summary>psutil.cpu_times(percpu=...): seconds spent in each mode since boot.</summary>
public sealed class CpuTimesSensor(SensorContext context) : IDescribedSensor
{
    public static SensorInfo Info { get; } = new(
        "CPUTimes",
        "Seconds the CPUs spent in each mode since boot (psutil.cpu_times): user, nice, system, idle, iowait, irq, softirq, steal, guest, guest_nice.",
        [SensorOption.Bool("percpu", false, "one set of fields per logical CPU (CPUTimes.0.user, ...)")],
        ["CPUTimes.{field}", "CPUTimes.{cpu}.{field} (percpu=true)"],
        context => new CpuTimesSensor(context));

    private readonly bool _perCpu = context.Options.GetBool("percpu");

    private readonly KeptFile _stat = ProcStat.File(context.Roots);

    public IReadOnlyList<Reading> Read()
    {
        var stat = ProcStat.Read(_stat);
        var readings = new List<Reading>();
        if (!_perCpu)
        {
            CpuUsage.AddFields(readings, "", i => stat.Total[i], stat.Total.FieldCount);
            return readings;
        }
        for (var cpu = 0; cpu < stat.PerCpu.Count; cpu++)
        {
            var times = stat.PerCpu[cpu];
            CpuUsage.AddFields(readings, cpu.ToString(CultureInfo.InvariantCulture), i => times[i], times.FieldCount);
        }
        return readings;
    }
}
