using Qulo.Actors.Metrics;
using Qulo.Actors.Sensors.Procfs;

namespace Qulo.Actors.Sensors.Memory;

/// <summary>psutil.swap_memory(): swap space in bytes from /proc/meminfo, pages swapped in and out from /proc/vmstat.</summary>
public sealed class SwapMemorySensor(SensorContext context) : IDescribedSensor
{
    public const string VmStatRelativePath = "vmstat";

    /// <summary>psutil counts pswpin/pswpout as 4 KiB units whatever the page size.</summary>
    private const long BytesPerSwappedPage = 4 * 1024;

    public static SensorInfo Info { get; } = new(
        "SwapMemory",
        "Swap space in bytes (psutil.swap_memory): total, used, free, percent; sin/sout are bytes swapped in/out since boot. "
        + "Nothing is reported on a machine without swap.",
        [],
        ["SwapMemory.total", "SwapMemory.used", "SwapMemory.free", "SwapMemory.percent", "SwapMemory.sin", "SwapMemory.sout"],
        context => new SwapMemorySensor(context));

    private readonly MemInfo _memInfo = new(context.Roots);

    public IReadOnlyList<Reading> Read()
    {
        var mem = _memInfo.Refresh();
        var total = mem.Required("SwapTotal");
        if (total == 0) return [];
        var free = mem.Required("SwapFree");
        var used = total - free;
        var readings = new List<Reading>(6)
        {
            new("total", total), new("used", used), new("free", free), new("percent", PsutilMath.UsagePercent(used, total)),
        };
        AddSwapTraffic(readings);
        return readings;
    }

    /// <summary>
    /// sin and sout. Where /proc/vmstat or its pswp lines are missing psutil warns and reports 0; we leave the
    /// two out instead, so that a graph shows a gap rather than a false zero.
    /// </summary>
    private void AddSwapTraffic(List<Reading> readings)
    {
        var path = context.Roots.ProcPath(VmStatRelativePath);
        if (ProcFile.ReadIfExists(path) is not { } vmstat) return;
        long? pagesIn = null, pagesOut = null;
        foreach (var line in vmstat.Split('\n'))
        {
            var fields = line.Split(' ');
            if (fields.Length < 2) continue;
            if (fields[0] == "pswpin") pagesIn = ProcFile.ParseLong(path, fields[1]);
            else if (fields[0] == "pswpout") pagesOut = ProcFile.ParseLong(path, fields[1]);
        }
        if (pagesIn is { } sin && pagesOut is { } sout)
        {
            readings.Add(new("sin", sin * BytesPerSwappedPage));
            readings.Add(new("sout", sout * BytesPerSwappedPage));
        }
    }
}
