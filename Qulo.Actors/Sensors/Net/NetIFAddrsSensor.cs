using Qulo.Actors.Sensors.Procfs;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Qulo.Actors.Metrics;
using Qulo.Actors.Sensors.Sysfs;

namespace Qulo.Actors.Sensors.Net;

/// <summary>
/// psutil's net_if_addrs() as numbers: per interface, how many IPv4 and IPv6 addresses it has and
/// whether it has a link-layer (MAC) address. IPv6 comes from /proc/net/if_inet6 and the MAC from
/// /sys/class/net/&lt;nic&gt;/address (empty when the link has none, e.g. a tun device, which psutil
/// skips too). The kernel has no file listing IPv4 addresses per interface, so those come from
/// getifaddrs (through .NET's NetworkInterface), the call psutil makes.
/// </summary>
public sealed class NetIFAddrsSensor : IDescribedSensor
{
    public static SensorInfo Info { get; } = new(
        "NetIFAddrs",
        "Addresses of each network interface (psutil.net_if_addrs): number of IPv4 and IPv6 addresses, and 1 when it has a MAC address.",
        [],
        ["NetIFAddrs.<nic>.ipv4", "NetIFAddrs.<nic>.ipv6", "NetIFAddrs.<nic>.mac"],
        context => new NetIFAddrsSensor(context, LiveIPv4Addresses));

    private readonly FileSystemRoots _roots;
    private readonly Func<IEnumerable<string>> _ipv4Owners;

    /// <param name="ipv4Owners">The interface name of every IPv4 address, once per address.</param>
    internal NetIFAddrsSensor(SensorContext context, Func<IEnumerable<string>> ipv4Owners)
    {
        _roots = context.Roots;
        _ipv4Owners = ipv4Owners;
    }

    public IReadOnlyList<Reading> Read()
    {
        var ipv4 = CountByName(_ipv4Owners());
        var ipv6 = CountByName(IPv6Owners());
        var netDirectory = _roots.SysPath("class/net");
        var links = SysfsFile.Glob(netDirectory, "*").Select(Path.GetFileName).OfType<string>().ToList();
        var nics = links.Concat(ipv4.Keys).Concat(ipv6.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        return nics.SelectMany(nic => new[]
        {
            new Reading(MetricPath.Join(MetricPath.Sanitize(nic), "ipv4"), ipv4.GetValueOrDefault(nic)),
            new Reading(MetricPath.Join(MetricPath.Sanitize(nic), "ipv6"), ipv6.GetValueOrDefault(nic)),
            new Reading(MetricPath.Join(MetricPath.Sanitize(nic), "mac"), HasLinkAddress(netDirectory, nic) ? 1 : 0),
        }).ToList();
    }

    private static Dictionary<string, int> CountByName(IEnumerable<string> names) =>
        names.GroupBy(n => n, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    /// <summary>/proc/net/if_inet6: "address ifindex prefixlen scope flags name" per address; absent when IPv6 is off.</summary>
    private IEnumerable<string> IPv6Owners()
    {
        var path = _roots.ProcPath("net/if_inet6");
        if (!File.Exists(path)) return [];
        return SysfsFile.ReadLines(path).Select(line =>
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return fields.Length == 6 ? fields[5] : throw ProcFile.Malformed(path, $"expected 'address index prefix scope flags name' but found '{line.Trim()}'");
        }).ToList();
    }

    private static bool HasLinkAddress(string netDirectory, string nic) =>
        !string.IsNullOrEmpty(SysfsFile.TryRead(Path.Combine(netDirectory, nic, "address")));

    private static IEnumerable<string> LiveIPv4Addresses()
    {
        try
        {
            return NetworkInterface.GetAllNetworkInterfaces()
                .SelectMany(nic => nic.GetIPProperties().UnicastAddresses
                    .Where(a => a.Address.AddressFamily == AddressFamily.InterNetwork)
                    .Select(_ => nic.Name))
                .ToList();
        }
        catch (NetworkInformationException e)
        {
            throw new SensorException($"getifaddrs failed: {e.Message}", e);
        }
    }
}
