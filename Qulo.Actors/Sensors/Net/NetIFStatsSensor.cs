using Qulo.Actors.Sensors.Procfs;
using System.Globalization;
using Qulo.Actors.Metrics;
using Qulo.Actors.Sensors.Sysfs;

namespace Qulo.Actors.Sensors.Net;

/// <summary>
/// psutil's net_if_stats() from /sys/class/net/&lt;nic&gt;/ for every interface of /proc/net/dev:
/// isup (0/1), duplex (psutil's codes: 0 unknown, 1 half, 2 full), speed in Mb/s (0 when unknown)
/// and mtu. An interface that vanished between the two reads is skipped, as psutil does on ENODEV.
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

    public IReadOnlyList<Reading> Read()
    {
        var readings = new List<Reading>();
        foreach (var nic in NetIOCountersSensor.ReadInterfaces(context.Roots).Select(row => row.Device))
        {
            var directory = context.Roots.SysPath(Path.Combine("class/net", nic));
            if (!Directory.Exists(directory)) continue;
            var name = MetricPath.Sanitize(nic);
            readings.Add(new Reading(MetricPath.Join(name, "isup"), IsRunning(directory) ? 1 : 0));
            readings.Add(new Reading(MetricPath.Join(name, "duplex"), Duplex(directory)));
            readings.Add(new Reading(MetricPath.Join(name, "speed"), Speed(directory)));
            readings.Add(new Reading(MetricPath.Join(name, "mtu"), ReadLong(directory, "mtu")));
        }
        return readings;
    }

    /// <summary>
    /// psutil's isup is IFF_RUNNING from SIOCGIFFLAGS, which the kernel computes rather than stores:
    /// the interface is up and its operational state is "up" or "unknown" (loopback, many virtual
    /// devices). The sysfs flags attribute holds only the administrative flags, hence both files.
    /// </summary>
    private static bool IsRunning(string directory)
    {
        var flagsPath = Path.Combine(directory, "flags");
        var text = ProcFile.ReadAllText(flagsPath).Trim();
        var flags = text.StartsWith("0x", StringComparison.Ordinal)
            && long.TryParse(text.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var f)
                ? f
                : throw ProcFile.Malformed(flagsPath, $"expected hexadecimal flags like 0x1003 but found '{text.Trim()}'");
        var operState = ProcFile.ReadAllText(Path.Combine(directory, "operstate")).Trim();
        return (flags & InterfaceUp) != 0 && operState is "up" or "unknown";
    }

    /// <summary>The kernel refuses duplex (EINVAL) for a down link or a device without ethtool support: unknown, as psutil's ethtool call reports.</summary>
    private static int Duplex(string directory) => SysfsFile.TryRead(Path.Combine(directory, "duplex")) switch
    {
        "full" => 2,
        "half" => 1,
        _ => 0,
    };

    /// <summary>-1 (SPEED_UNKNOWN) or a refused read mean unknown, which psutil reports as 0.</summary>
    private static long Speed(string directory) =>
        Math.Max(SysfsFile.TryReadLong(Path.Combine(directory, "speed")) ?? 0, 0);

    private static long ReadLong(string directory, string attribute)
    {
        var path = Path.Combine(directory, attribute);
        return ProcFile.ParseLong(path, ProcFile.ReadAllText(path));
    }
}
