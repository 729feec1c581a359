using System.Globalization;
using Qulo.Actors.Metrics;
using Qulo.Actors.Sensors.Procfs;

namespace Qulo.Actors.Sensors.Net;

/// <summary>
/// psutil's net_if_stats() from /sys/class/net/&lt;nic&gt;/ for every interface of /proc/net/dev:
/// isup (0/1), duplex (psutil's codes: 0 unknown, 1 half, 2 full), speed in Mb/s (0 when unknown)
/// and mtu. An interface that vanished between the two reads is skipped, as psutil does on ENODEV.
/// The files stay open from sample to sample (<see cref="KeptFile"/>), per interface while it is listed.
/// </summary>
public sealed class NetIFStatsSensor(SensorContext context) : IDescribedSensor
{
    private const long InterfaceUp = 0x1; // IFF_UP in the flags attribute

    public static SensorInfo Info { get; } = new(
        "NetIFStats",
        "State of each network interface (psutil.net_if_stats): isup 0/1, duplex 0 unknown/1 half/2 full, speed in Mb/s (0 unknown), mtu in bytes.",
        [],
        ["NetIFStats.<nic>.isup", "NetIFStats.<nic>.duplex", "NetIFStats.<nic>.speed", "NetIFStats.<nic>.mtu"],
        context => new NetIFStatsSensor(context));

    /// <summary>
    /// Five files per interface stay open up to this many interfaces; a host with more (containers' veth pairs)
    /// opens and closes them at each sample rather than hold thousands of descriptors.
    /// </summary>
    private const int MostInterfacesKeptOpen = 64;

    private readonly KeptFile _netDev = NetIOCountersSensor.NetDevFile(context.Roots);
    private Dictionary<string, Interface> _interfaces = new(StringComparer.Ordinal);

    /// <summary>One interface's sysfs attributes and the names of its readings.</summary>
    private sealed class Interface(string directory, string nic)
    {
        public KeptFile Flags { get; } = Attribute(directory, "flags");
        public KeptFile OperState { get; } = Attribute(directory, "operstate");
        public KeptFile Duplex { get; } = Attribute(directory, "duplex");
        public KeptFile Speed { get; } = Attribute(directory, "speed");
        public KeptFile Mtu { get; } = Attribute(directory, "mtu");
        public void Close()
        {
            foreach (var file in new[] { Flags, OperState, Duplex, Speed, Mtu }) file.Close();
        }

        private static KeptFile Attribute(string directory, string name) => new(Path.Combine(directory, name), KeptFile.Layout.WholeInOneRead);

        public string IsUpPath { get; } = MetricPath.Join(MetricPath.Sanitize(nic), "isup");
        public string DuplexPath { get; } = MetricPath.Join(MetricPath.Sanitize(nic), "duplex");
        public string SpeedPath { get; } = MetricPath.Join(MetricPath.Sanitize(nic), "speed");
        public string MtuPath { get; } = MetricPath.Join(MetricPath.Sanitize(nic), "mtu");
    }

    public IReadOnlyList<Reading> Read()
    {
        var rows = NetIOCountersSensor.ReadInterfaces(_netDev);
        var readings = new List<Reading>(rows.Count * 4);
        var listed = new Dictionary<string, Interface>(rows.Count, StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var nic = _interfaces.GetValueOrDefault(row.Device)
                ?? new Interface(context.Roots.SysPath(Path.Combine("class/net", row.Device)), row.Device);
            listed[row.Device] = nic;
            // No flags file: the interface left sysfs since /proc/net/dev listed it.
            if (!nic.Flags.ReadIfExists(out var flags)) continue;
            readings.Add(new Reading(nic.IsUpPath, IsRunning(nic.Flags.Path, flags, nic.OperState.Read()) ? 1 : 0));
            readings.Add(new Reading(nic.DuplexPath, Duplex(nic.Duplex)));
            readings.Add(new Reading(nic.SpeedPath, Speed(nic.Speed)));
            readings.Add(new Reading(nic.MtuPath, ProcFile.ParseLong(nic.Mtu.Path, nic.Mtu.Read())));
            if (rows.Count > MostInterfacesKeptOpen) nic.Close();
        }
        // Interfaces no longer listed let their files go.
        _interfaces = listed;
        return readings;
    }

    /// <summary>
    /// psutil's isup is IFF_RUNNING from SIOCGIFFLAGS, which the kernel computes rather than stores:
    /// the interface is up and its operational state is "up" or "unknown" (loopback, many virtual
    /// devices). The sysfs flags attribute holds only the administrative flags, hence both files.
    /// </summary>
    private static bool IsRunning(string flagsPath, ReadOnlySpan<byte> flagsText, ReadOnlySpan<byte> operState)
    {
        var text = Trim(flagsText);
        var flags = text.StartsWith("0x"u8)
            && long.TryParse(text[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var f)
                ? f
                : throw ProcFile.Malformed(flagsPath, $"expected hexadecimal flags like 0x1003 but found '{ProcFile.Text(text)}'");
        var state = Trim(operState);
        return (flags & InterfaceUp) != 0 && (state.SequenceEqual("up"u8) || state.SequenceEqual("unknown"u8));
    }

    /// <summary>The kernel refuses duplex (EINVAL) for a down link or a device without ethtool support: unknown, as psutil's ethtool call reports.</summary>
    private static int Duplex(KeptFile duplex)
    {
        if (!duplex.TryRead(out var text)) return 0;
        text = Trim(text);
        return text.SequenceEqual("full"u8) ? 2 : text.SequenceEqual("half"u8) ? 1 : 0;
    }

    /// <summary>-1 (SPEED_UNKNOWN) or a refused read mean unknown, which psutil reports as 0.</summary>
    private static long Speed(KeptFile speed) =>
        speed.TryRead(out var text) ? Math.Max(ProcFile.ParseLong(speed.Path, Trim(text)), 0) : 0;

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> text) => text.Trim(" \t\n"u8);
}
