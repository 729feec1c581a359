using Qulo.Actors.Sensors.Procfs;
using Qulo.Actors.Metrics;

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
/// <para>
/// On the live /proc, when both TCP families are read, their sockets come from one inet_diag dump rather than
/// the two files: the same sockets, with one walk of the kernel's hash table instead of two (<see cref="TcpSocketDump"/>).
/// </para>
/// </summary>
/// <param name="dumpTcp">
/// Counts tcp and tcp6 sockets in one go (<see cref="TcpSocketDump"/> on the live /proc, null elsewhere); their
/// files are read instead when it is null or has failed once (a kernel without inet_diag, a seccomp filter).
/// </param>
public sealed class NetConnectionsSensor(SensorContext context, Func<TcpSocketCounts>? dumpTcp) : IDescribedSensor
{
    public NetConnectionsSensor(SensorContext context)
        : this(context, context.Roots.Proc == FileSystemRoots.Live.Proc ? TcpSocketDump.Count : null)
    {
    }

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

    /// <summary>psutil's names for the kernel's TCP state codes (the "st" column, hexadecimal 01 to 0B), in code order.</summary>
    private static readonly string[] TcpStates =
    [
        "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT",
        "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING",
    ];

    /// <summary>State codes (0-based) in the order their readings go out: by name.</summary>
    private static readonly int[] TcpStatesByName =
        [.. Enumerable.Range(0, TcpStates.Length).OrderBy(i => TcpStates[i], StringComparer.Ordinal)];

    private static readonly string[] TcpStatePaths = [.. TcpStates.Select(state => MetricPath.Join("tcp", state))];

    public static SensorInfo Info { get; } = new(
        "NetConnections",
        "Sockets open system wide (psutil.net_connections): their number, per protocol, and TCP sockets per state.",
        [SensorOption.Choice("kind", "inet", "which sockets, as psutil's kind", [.. FilesByKind.Keys])],
        ["NetConnections.count", "NetConnections.<tcp|tcp6|udp|udp6|unix>.count", "NetConnections.tcp.<STATE> (ESTABLISHED, LISTEN, TIME_WAIT, ...)"],
        context => new NetConnectionsSensor(context));

    private readonly SocketTable[] _tables = [.. FilesByKind[context.Options.GetString("kind")].Select(file => new SocketTable(
        file, new KeptFile(context.Roots.ProcPath(Path.Combine("net", file)), KeptFile.Layout.PagedLines), MetricPath.Join(file, "count")))];

    /// <param name="CountPath">The reading of its socket count, "tcp6.count".</param>
    private sealed record SocketTable(string Name, KeptFile File, string CountPath)
    {
        public bool IsTcp { get; } = Name.StartsWith("tcp", StringComparison.Ordinal);

        public bool IsIPv6 { get; } = Name.EndsWith('6');
    }

    /// <summary>The dump pays off where it replaces two walks of the kernel's hash table: both TCP families read.</summary>
    private Func<TcpSocketCounts>? _dumpTcp = dumpTcp is not null && FilesByKind[context.Options.GetString("kind")] is var files
        && files.Contains("tcp") && files.Contains("tcp6") ? dumpTcp : null;

    // PagedLines: tcp lines are 150 bytes, tcp6 178, udp6 168, unix about 60 plus a path of at most 108.

    public IReadOnlyList<Reading> Read()
    {
        var countsTcp = _tables.Any(t => t.IsTcp);
        var readings = new List<Reading>(1 + _tables.Length + (countsTcp ? TcpStates.Length : 0)) { default };
        Span<int> tcpStates = stackalloc int[TcpStates.Length];
        var total = 0;
        var dumped = DumpTcp();
        foreach (var table in _tables)
        {
            int count;
            // A missing tcp6/udp6 means the kernel has IPv6 disabled: no sockets there, as psutil treats it.
            if (dumped is not null && table.IsTcp)
            {
                if (table.IsIPv6 && !File.Exists(table.File.Path)) continue;
                count = Add(table.IsIPv6 ? dumped.IPv6 : dumped.IPv4, tcpStates);
            }
            else
            {
                ReadOnlySpan<byte> text;
                if (!table.IsIPv6) text = table.File.Read();
                else if (!table.File.ReadIfExists(out text)) continue;
                count = table.Name == "unix"
                    ? CountUnix(table.File.Path, text)
                    : CountInet(table.File.Path, text, table.IsTcp ? tcpStates : default);
            }
            readings.Add(new Reading(table.CountPath, count));
            total += count;
        }
        if (countsTcp)
            foreach (var state in TcpStatesByName) readings.Add(new Reading(TcpStatePaths[state], tcpStates[state]));
        readings[0] = new Reading("count", total);
        return readings;
    }

    /// <summary>The dump's counts, or null to read the files: from the first failure on, for good (the files give the same numbers).</summary>
    private TcpSocketCounts? DumpTcp()
    {
        try
        {
            return _dumpTcp?.Invoke();
        }
        catch (SensorException)
        {
            _dumpTcp = null;
            return null;
        }
    }

    /// <summary>Adds one family's sockets per state to <paramref name="states"/>; returns how many there are.</summary>
    private static int Add(int[] perState, Span<int> states)
    {
        var count = 0;
        for (var state = 0; state < perState.Length; state++)
        {
            states[state] += perState[state];
            count += perState[state];
        }
        return count;
    }

    /// <summary>Counts the sockets of a tcp/udp file (after its header line), tallying TCP states when <paramref name="states"/> is not empty.</summary>
    private static int CountInet(string path, ReadOnlySpan<byte> text, Span<int> states)
    {
        var count = 0;
        var lines = AfterHeader(text);
        while (lines.Next(out var line))
        {
            var fields = new Fields(line);
            var state = default(ReadOnlySpan<byte>);
            var n = 0;
            for (; n < 10 && fields.Next(out var field); n++)
                if (n == 3) state = field;
            if (n < 10)
                throw ProcFile.Malformed(path, $"expected a socket line of at least 10 fields but found '{ProcFile.Text(line.Trim(" \t"u8))}'");
            if (!states.IsEmpty)
                states[TcpStateCode(state) ?? throw ProcFile.Malformed(path, $"expected a TCP state code 01-0B but found '{ProcFile.Text(state)}'")]++;
            count++;
        }
        return count;
    }

    /// <summary>The 0-based state of a two-digit hexadecimal code 01 to 0B (either case), or null.</summary>
    private static int? TcpStateCode(ReadOnlySpan<byte> code) =>
        code.Length == 2 && HexValue(code[0]) == 0 && HexValue(code[1]) is >= 1 and var low && low <= TcpStates.Length ? low - 1 : null;

    private static int HexValue(byte digit) => digit switch
    {
        >= (byte)'0' and <= (byte)'9' => digit - '0',
        >= (byte)'a' and <= (byte)'f' => digit - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => digit - 'A' + 10,
        _ => -1,
    };

    /// <summary>Counts unix sockets; like psutil it skips a line without a space (the tail of a path with a newline in it).</summary>
    private static int CountUnix(string path, ReadOnlySpan<byte> text)
    {
        var count = 0;
        var lines = AfterHeader(text);
        while (lines.Next(out var line))
        {
            if (!line.Contains((byte)' ')) continue;
            var fields = new Fields(line);
            var n = 0;
            while (n < 7 && fields.Next(out _)) n++;
            if (n < 7)
                throw ProcFile.Malformed(path, $"expected a unix socket line of at least 7 fields but found '{ProcFile.Text(line.Trim(" \t"u8))}'");
            count++;
        }
        return count;
    }

    /// <summary>The non-empty lines after the header line.</summary>
    private static Lines AfterHeader(ReadOnlySpan<byte> text)
    {
        var lines = new Lines(text);
        lines.Next(out _);
        return lines;
    }
}
