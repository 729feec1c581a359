using Qulo.Actors.Sensors.Procfs;
using Qulo.Actors.Metrics;
using Qulo.Actors.Sensors.Sysfs;

namespace Qulo.Actors.Sensors.Net;

/// <summary>
/// psutil's net_connections(kind) as numbers: how many sockets the kernel lists system wide in
/// /proc/net/{tcp,tcp6,udp,udp6,unix}, per protocol file, and TCP sockets per state.
/// <para>
/// Every line is one socket, and every socket counts once. psutil returns a *set* of
/// (fd, family, type, laddr, raddr, status, pid) tuples, so sockets it cannot tell apart collapse:
/// unnamed unix sockets of processes it cannot attribute (fd -1, pid None), while a unix socket
/// shared by several processes shows once per (pid, fd). Its inet counts equal ours whenever no two
/// sockets share addresses, state and owner; its unix count can be lower or higher.
/// </para>
/// <para>
/// TCP states merge tcp and tcp6 (psutil's kind "tcp" covers both): "how many connections are in
/// TIME_WAIT" is one question whatever the family. All eleven states are always reported, so a state
/// that empties reads 0 rather than leaving a gap.
/// </para>
/// </summary>
public sealed class NetConnectionsSensor(SensorContext context) : IDescribedSensor
{
    /// <summary>The /proc/net files psutil reads for each kind.</summary>
    private static readonly IReadOnlyDictionary<string, string[]> FilesByKind = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["inet"] = ["tcp", "tcp6", "udp", "udp6"],
        ["inet4"] = ["tcp", "udp"],
        ["inet6"] = ["tcp6", "udp6"],
        ["tcp"] = ["tcp", "tcp6"],
        ["tcp4"] = ["tcp"],
        ["tcp6"] = ["tcp6"],
        ["udp"] = ["udp", "udp6"],
        ["udp4"] = ["udp"],
        ["udp6"] = ["udp6"],
        ["unix"] = ["unix"],
        ["all"] = ["tcp", "tcp6", "udp", "udp6", "unix"],
    };

    /// <summary>The kernel's TCP state codes (the "st" column) and psutil's names for them.</summary>
    private static readonly IReadOnlyDictionary<string, string> TcpStates = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["01"] = "ESTABLISHED", ["02"] = "SYN_SENT", ["03"] = "SYN_RECV", ["04"] = "FIN_WAIT1",
        ["05"] = "FIN_WAIT2", ["06"] = "TIME_WAIT", ["07"] = "CLOSE", ["08"] = "CLOSE_WAIT",
        ["09"] = "LAST_ACK", ["0A"] = "LISTEN", ["0B"] = "CLOSING",
    };

    public static SensorInfo Info { get; } = new(
        "NetConnections",
        "Sockets open system wide (psutil.net_connections): their number, per protocol, and TCP sockets per state.",
        [SensorOption.Choice("kind", "inet", "which sockets, as psutil's kind", [.. FilesByKind.Keys])],
        ["NetConnections.count", "NetConnections.<tcp|tcp6|udp|udp6|unix>.count", "NetConnections.tcp.<STATE> (ESTABLISHED, LISTEN, TIME_WAIT, ...)"],
        context => new NetConnectionsSensor(context));

    private readonly string[] _files = FilesByKind[context.Options.GetString("kind")];

    public IReadOnlyList<Reading> Read()
    {
        var readings = new List<Reading>();
        var tcpStates = TcpStates.Values.ToDictionary(name => name, _ => 0, StringComparer.Ordinal);
        var total = 0;
        foreach (var file in _files)
        {
            var path = context.Roots.ProcPath(Path.Combine("net", file));
            // A missing tcp6/udp6 means the kernel has IPv6 disabled: no sockets there, as psutil treats it.
            if (file.EndsWith('6') && !File.Exists(path)) continue;
            var count = file == "unix" ? CountUnix(path) : CountInet(path, file.StartsWith("tcp") ? tcpStates : null);
            readings.Add(new Reading(MetricPath.Join(file, "count"), count));
            total += count;
        }
        if (_files.Any(f => f.StartsWith("tcp")))
            readings.AddRange(tcpStates.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => new Reading(MetricPath.Join("tcp", s.Key), s.Value)));
        readings.Insert(0, new Reading("count", total));
        return readings;
    }

    /// <summary>Counts the sockets of a tcp/udp file (after its header line), tallying TCP states when <paramref name="states"/> is given.</summary>
    private static int CountInet(string path, Dictionary<string, int>? states)
    {
        var count = 0;
        foreach (var line in SysfsFile.ReadLines(path).Skip(1))
        {
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 10)
                throw ProcFile.Malformed(path, $"expected a socket line of at least 10 fields but found '{line.Trim()}'");
            if (states is not null)
                states[TcpStates.TryGetValue(f[3], out var state) ? state : throw ProcFile.Malformed(path, $"expected a TCP state code 01-0B but found '{f[3].Trim()}'")]++;
            count++;
        }
        return count;
    }

    /// <summary>Counts unix sockets; like psutil it skips a line without a space (the tail of a path with a newline in it).</summary>
    private static int CountUnix(string path)
    {
        var count = 0;
        foreach (var line in SysfsFile.ReadLines(path).Skip(1).Where(l => l.Contains(' ')))
        {
            if (line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length < 7)
                throw ProcFile.Malformed(path, $"expected a unix socket line of at least 7 fields but found '{line.Trim()}'");
            count++;
        }
        return count;
    }
}
