using Qulo.Actors.Metrics;
using Qulo.Actors.Sensors.Procfs;

namespace Qulo.Actors.Sensors.Load;

/// <summary>
/// psutil.getloadavg(): the 1, 5 and 15 minute load averages, the first three fields of /proc/loadavg.
/// psutil gets them through glibc from sysinfo(2) with more decimals (25.0966796875 where the file says 25.10);
/// the file's two decimals are the precision `uptime` and `top` show, and the file can be read from a fixture.
/// </summary>
public sealed class LoadAvgSensor(SensorContext context) : IDescribedSensor
{
    public const string RelativePath = "loadavg";

    // Declared before Info, whose initialiser reads it.
    private static readonly string[] Fields = ["load1", "load5", "load15"];

    public static SensorInfo Info { get; } = new(
        "LoadAvg",
        "Load average over the last 1, 5 and 15 minutes (psutil.getloadavg): runnable plus uninterruptible tasks, as /proc/loadavg gives it.",
        [],
        Fields.Select(f => $"LoadAvg.{f}").ToList(),
        context => new LoadAvgSensor(context));

    public IReadOnlyList<Reading> Read()
    {
        var path = context.Roots.ProcPath(RelativePath);
        var fields = ProcFile.Fields(ProcFile.ReadAllText(path));
        if (fields.Length < Fields.Length)
            throw ProcFile.Malformed(path, $"{fields.Length} fields, expected at least {Fields.Length} load averages");
        return Fields.Select((name, i) => new Reading(name, ProcFile.ParseDouble(path, fields[i]))).ToList();
    }
}
