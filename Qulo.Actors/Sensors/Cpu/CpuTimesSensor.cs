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
    private readonly CpuReadingNames _names = new();

    public IReadOnlyList<Reading> Read()
    {
        if (!_perCpu)
        {
            var total = ProcStat.ReadTotal(_stat);
            var machine = new List<Reading>(total.FieldCount);
            CpuUsage.AddFields(machine, CpuReadingNames.MachineFields, total.Seconds);
            return machine;
        }
        var stat = ProcStat.Read(_stat);
        var readings = new List<Reading>(stat.Total.FieldCount * stat.PerCpu.Count);
        for (var cpu = 0; cpu < stat.PerCpu.Count; cpu++)
            CpuUsage.AddFields(readings, _names.Fields(cpu), stat.PerCpu[cpu].Seconds);
        return readings;
    }
}
