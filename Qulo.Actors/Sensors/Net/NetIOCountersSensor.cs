using Qulo.Actors.Metrics;
using Qulo.Actors.Sensors.Procfs;

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

    private readonly KeptFile _netDev = NetDevFile(context.Roots);

    public IReadOnlyList<Reading> Read()
    {
        var rows = ReadInterfaces(_netDev);
        return _perNic ? CounterReadings.PerDevice(rows, Fields) : CounterReadings.Totals(rows, Fields);
    }

    /// <summary>/proc/net/dev, for a sensor to keep open.</summary>
    internal static KeptFile NetDevFile(FileSystemRoots roots) => new(roots.ProcPath("net/dev"), KeptFile.Layout.PagedLines);

    /// <summary>
    /// Every interface in /proc/net/dev with its counters in <see cref="Fields"/> order. After the two
    /// header lines each line is "name: 8 receive counters, 8 transmit counters"; the name ends at the
    /// last colon (an alias such as "eth0:1" keeps its own).
    /// </summary>
    internal static IReadOnlyList<CounterRow> ReadInterfaces(KeptFile netDev)
    {
        var path = netDev.Path;
        var lines = new Lines(netDev.Read());
        lines.Next(out _);
        lines.Next(out _);
        var rows = new List<CounterRow>();
        Span<long> counters = stackalloc long[16];
        while (lines.Next(out var line))
        {
            var colon = line.LastIndexOf((byte)':');
            var fields = new Fields(colon > 0 ? line[(colon + 1)..] : default);
            var count = 0;
            for (; fields.Next(out var field); count++)
                // psutil's counters are receive 0-3 and transmit 8-11 (bytes, packets, errs, drop); the rest go unread.
                if (count < counters.Length && (count & 4) == 0) counters[count] = ProcFile.ParseLong(path, field);
            if (count != counters.Length)
                throw ProcFile.Malformed(path, $"expected 'interface: 16 counters' but found '{ProcFile.Text(line.Trim(" \t"u8))}'");
            var name = ProcFile.Text(line[..colon].Trim(" \t"u8));
            rows.Add(new CounterRow(name, [counters[8], counters[0], counters[9], counters[1], counters[2], counters[10], counters[3], counters[11]]));
        }
        return rows;
    }
}
