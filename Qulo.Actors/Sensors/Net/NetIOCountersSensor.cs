using Qulo.Actors.Metrics;
using Qulo.Actors.Sensors.Procfs;
using Qulo.Actors.Sensors.Sysfs;

namespace Qulo.Actors.Sensors.Net;

/// <summary>psutil's net_io_counters(pernic) from /proc/net/dev: totals over every interface (loopback included, as psutil), or per interface.</summary>
public sealed class NetIOCountersSensor(SensorContext context) : IDescribedSensor
{
    private static readonly string[] Fields =
        ["bytes_sent", "bytes_recv", "packets_sent", "packets_recv", "errin", "errout", "dropin", "dropout"];

    public static SensorInfo Info { get; } = new(
        "NetIOCounters",
        "Network I/O counters from /proc/net/dev (psutil.net_io_counters): bytes, packets, errors and drops, summed over interfaces or per interface with pernic.",
        [SensorOption.Bool("pernic", false, "report every network interface separately instead of totals")],
        [.. Fields.Select(f => $"NetIOCounters.{f}"), .. Fields.Select(f => $"NetIOCounters.<nic>.{f} (pernic)")],
        context => new NetIOCountersSensor(context));

    private readonly bool _perNic = context.Options.GetBool("pernic");

    public IReadOnlyList<Reading> Read()
    {
        var rows = ReadInterfaces(context.Roots);
        return _perNic ? CounterReadings.PerDevice(rows, Fields) : CounterReadings.Totals(rows, Fields);
    }

    /// <summary>
    /// Every interface in /proc/net/dev with its counters in <see cref="Fields"/> order. After the two
    /// header lines each line is "name: 8 receive counters, 8 transmit counters"; the name ends at the
    /// last colon (an alias such as "eth0:1" keeps its own).
    /// </summary>
    internal static IReadOnlyList<CounterRow> ReadInterfaces(FileSystemRoots roots)
    {
        var path = roots.ProcPath("net/dev");
        return SysfsFile.ReadLines(path).Skip(2).Select(line =>
        {
            var colon = line.LastIndexOf(':');
            var counters = colon > 0 ? line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries) : [];
            if (counters.Length != 16)
                throw ProcFile.Malformed(path, $"expected 'interface: 16 counters' but found '{line.Trim()}'");
            long C(int i) => ProcFile.ParseLong(path, counters[i]);
            return new CounterRow(line[..colon].Trim(), [C(8), C(0), C(9), C(1), C(2), C(10), C(3), C(11)]);
        }).ToList();
    }
}
