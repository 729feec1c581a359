using Qulo.Actors.Metrics;

namespace Qulo.Actors.Sensors.Net;

/// <summary>
/// psutil's net_if_addrs() as numbers: per interface, how many IPv4 and IPv6 addresses it has and
/// whether it has a link-layer (MAC) address, as getifaddrs(3) lists them for psutil (<see cref="InterfaceAddresses"/>). A link without
/// a hardware address (a tun device) has mac 0, which psutil skips too; an interface without any address
/// is still listed, with zeros.
/// </summary>
public sealed class NetIFAddrsSensor : IDescribedSensor
{
    public static SensorInfo Info { get; } = new(
        "NetIFAddrs",
        "Addresses of each network interface (psutil.net_if_addrs): number of IPv4 and IPv6 addresses, and 1 when it has a MAC address.",
        [],
        ["NetIFAddrs.<nic>.ipv4", "NetIFAddrs.<nic>.ipv6", "NetIFAddrs.<nic>.mac"],
        _ => new NetIFAddrsSensor(new InterfaceAddresses().Read));

    private readonly Func<IReadOnlyList<InterfaceAddress>> _addresses;

    /// <summary>Reading names per interface ("eth0_100.ipv4", ...), kept while the interface is listed.</summary>
    private Dictionary<string, string[]> _paths = new(StringComparer.Ordinal);

    /// <param name="addresses">Every link and every address of every interface, as getifaddrs lists them.</param>
    internal NetIFAddrsSensor(Func<IReadOnlyList<InterfaceAddress>> addresses) => _addresses = addresses;

    /// <summary>The list last counted and its readings: between changes the addresses come as the same list.</summary>
    private (IReadOnlyList<InterfaceAddress> Addresses, IReadOnlyList<Reading> Readings)? _last;

    public IReadOnlyList<Reading> Read()
    {
        var addresses = _addresses();
        if (_last is var (counted, readings) && ReferenceEquals(counted, addresses)) return readings;
        _last = (addresses, readings = Count(addresses));
        return readings;
    }

    private List<Reading> Count(IReadOnlyList<InterfaceAddress> addresses)
    {
        var counts = new SortedDictionary<string, int[]>(StringComparer.Ordinal);
        foreach (var (nic, kind) in addresses)
        {
            if (!counts.TryGetValue(nic, out var perKind)) counts[nic] = perKind = new int[4];
            perKind[(int)kind]++;
        }
        var readings = new List<Reading>(counts.Count * 3);
        var listed = new Dictionary<string, string[]>(counts.Count, StringComparer.Ordinal);
        foreach (var (nic, perKind) in counts)
        {
            var paths = listed[nic] = _paths.GetValueOrDefault(nic) ?? Paths(nic);
            readings.Add(new Reading(paths[0], perKind[(int)AddressKind.IPv4]));
            readings.Add(new Reading(paths[1], perKind[(int)AddressKind.IPv6]));
            readings.Add(new Reading(paths[2], perKind[(int)AddressKind.Link]));
        }
        _paths = listed;
        return readings;
    }

    private static string[] Paths(string nic)
    {
        var name = MetricPath.Sanitize(nic);
        return [MetricPath.Join(name, "ipv4"), MetricPath.Join(name, "ipv6"), MetricPath.Join(name, "mac")];
    }
}
