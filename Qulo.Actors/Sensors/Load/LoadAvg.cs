using Qulo.Actors.Metrics;
using Qulo.Actors.Sensors.Procfs;

namespace Qulo.Actors.Sensors.Load;

/// <summary>
/// psutil.getloadavg(): the 1, 5 and 15 minute load averages, the first three fields of /proc/loadavg
/// (what glibc's getloadavg, and so psutil's os.getloadavg, parses).
/// </summary>
public sealed class LoadAvg(SensorContext context) : IDescribedSensor
{
    public const string RelativePath = "loadavg";

    // Declared before Info, whose initialiser reads it.
    private static readonly string[] Fields = ["load1", "load5", "load15"];

    public static SensorInfo Info { get; } = new(
        "LoadAvg",
        "Load average over the last 1, 5 and 15 minutes (psutil.getloadavg): runnable plus uninterruptible tasks, as /proc/loadavg gives it.",
        [],
        Fields.Select(f => $"LoadAvg.{f}").ToList(),
        context => new LoadAvg(context));

    public IReadOnlyList<Reading> Read()
    {
        var path = context.Roots.ProcPath(RelativePath);
        var fields = ProcFile.Fields(ProcFile.ReadAllText(path));
        if (fields.Length < Fields.Length)
            throw ProcFile.Malformed(path, $"{fields.Length} fields, expected at least {Fields.Length} load averages");
        return Fields.Select((name, i) => new Reading(name, ProcFile.ParseDouble(path, fields[i]))).ToList();
    }
}
