using Qulo.Actors.Sensors;
using Qulo.Actors.Sensors.Net;
using Xunit;
using static Qulo.Tests.Sensors.Devices.DeviceFixtures;

namespace Qulo.Tests.Sensors.Devices;

public class NetSensorTests
{
    [Fact]
    public void NetIOCounters_totals_sum_every_interface()
    {
        var r = Read(NetIOCountersSensor.Info, "dev-nics");

        Assert.Equal(5000 + 300000 + 10000 + 0 + 333 + 2048 + 20, r["bytes_sent"]);
        Assert.Equal(5000 + 1000000 + 20000 + 0 + 777 + 4096 + 10, r["bytes_recv"]);
        Assert.Equal(50 + 800 + 20 + 3 + 8 + 2, r["packets_sent"]);
        Assert.Equal(50 + 900 + 30 + 7 + 16 + 1, r["packets_recv"]);
        Assert.Equal(1, r["errin"]);
        Assert.Equal(3, r["errout"]);
        Assert.Equal(2 + 5, r["dropin"]);
        Assert.Equal(4 + 1, r["dropout"]);
        Assert.Equal(8, r.Count);
    }

    [Fact]
    public void NetIOCounters_pernic_sanitises_dotted_names()
    {
        var r = Read(NetIOCountersSensor.Info, "dev-nics", ("pernic", "true"));

        Assert.Equal(7 * 8, r.Count);
        Assert.Equal(10000, r["eth0_100.bytes_sent"]);
        Assert.Equal(5, r["eth0_100.dropin"]);
        Assert.Equal(7, r["br-lan.packets_recv"]);
        Assert.Equal(288617, Read(NetIOCountersSensor.Info, "dev-server", ("pernic", "on"))["eth0.bytes_sent"]);
    }

    [Fact]
    public void NetIOCounters_names_the_file_of_a_short_line()
    {
        var e = ThrowsNamingFile(NetIOCountersSensor.Info, "dev-nics", "proc/net/dev", file => File.AppendAllText(file, "  bad0: 1 2 3\n"));

        Assert.Contains("bad0: 1 2 3", e.Message);
    }

    [Fact]
    public void NetConnections_inet_counts_per_protocol_and_merges_tcp_states()
    {
        var r = Read(NetConnectionsSensor.Info, "dev-nics");

        Assert.Equal(6 + 2 + 2, r["count"]);
        Assert.Equal(6, r["tcp.count"]);
        Assert.Equal(2, r["tcp6.count"]);
        Assert.Equal(2, r["udp.count"]);
        Assert.False(r.ContainsKey("udp6.count")); // no udp6 file: IPv6 UDP off in this fixture
        Assert.Equal(3, r["tcp.LISTEN"]);
        Assert.Equal(4, r["tcp.ESTABLISHED"]);
        Assert.Equal(1, r["tcp.TIME_WAIT"]);
        Assert.Equal(0, r["tcp.CLOSE_WAIT"]);
        Assert.Equal(11, r.Keys.Count(k => k.StartsWith("tcp.", StringComparison.Ordinal) && k != "tcp.count"));
    }

    [Fact]
    public void NetConnections_all_adds_unix_sockets_skipping_a_path_continuation()
    {
        var r = Read(NetConnectionsSensor.Info, "dev-nics", ("kind", "all"));

        Assert.Equal(3, r["unix.count"]);
        Assert.Equal(13, r["count"]);
    }

    [Fact]
    public void NetConnections_udp_only_has_no_tcp_states()
    {
        var r = Read(NetConnectionsSensor.Info, "dev-nics", ("kind", "udp4"));

        Assert.Equal(new Dictionary<string, double> { ["count"] = 2, ["udp.count"] = 2 }, r);
    }

    [Fact]
    public void NetConnections_takes_both_tcp_families_from_the_dump_and_udp_from_its_file()
    {
        var dumped = new TcpSocketCounts();
        dumped.IPv4[0] = 7;   // ESTABLISHED
        dumped.IPv4[5] = 1;   // TIME_WAIT
        dumped.IPv6[9] = 2;   // LISTEN
        var sensor = new NetConnectionsSensor(Context(NetConnectionsSensor.Info, Roots("dev-nics")), () => dumped);

        var r = AsDictionary(sensor.Read());

        Assert.Equal(8, r["tcp.count"]);
        Assert.Equal(2, r["tcp6.count"]);
        Assert.Equal(2, r["udp.count"]);
        Assert.Equal(8 + 2 + 2, r["count"]);
        Assert.Equal(7, r["tcp.ESTABLISHED"]);
        Assert.Equal(1, r["tcp.TIME_WAIT"]);
        Assert.Equal(2, r["tcp.LISTEN"]);
        Assert.Equal(0, r["tcp.SYN_SENT"]);
    }

    [Fact]
    public void NetConnections_reads_the_tcp_files_from_the_first_failed_dump_on()
    {
        var dumps = 0;
        var sensor = new NetConnectionsSensor(Context(NetConnectionsSensor.Info, Roots("dev-nics")),
            () => { dumps++; throw new SensorException("the kernel refused the inet_diag dump: No such file or directory"); });
        var fromFiles = Read(NetConnectionsSensor.Info, "dev-nics");

        Assert.Equal(fromFiles, AsDictionary(sensor.Read()));
        Assert.Equal(fromFiles, AsDictionary(sensor.Read()));
        Assert.Equal(1, dumps);
    }

    [Theory]
    [InlineData("tcp4")]
    [InlineData("udp")]
    public void NetConnections_reads_files_where_the_dump_would_not_save_a_walk(string kind)
    {
        var sensor = new NetConnectionsSensor(Context(NetConnectionsSensor.Info, Roots("dev-nics"), ("kind", kind)),
            () => throw new InvalidOperationException("dumped"));

        Assert.Equal(Read(NetConnectionsSensor.Info, "dev-nics", ("kind", kind)), AsDictionary(sensor.Read()));
    }

    [Fact]
    public void NetConnections_names_the_file_of_an_unknown_tcp_state()
    {
        var e = ThrowsNamingFile(NetConnectionsSensor.Info, "dev-nics", "proc/net/tcp", file => File.AppendAllText(file,
            "   9: 0100007F:1F40 0100007F:0000 0F 00000000:00000000 00:00000000 00000000     0        0 1 1 0 100 0 0 10 0\n"));

        Assert.Contains("'0F'", e.Message);
    }

    [Fact]
    public void NetIFStats_reads_isup_duplex_speed_mtu_per_interface()
    {
        var r = Read(NetIFStatsSensor.Info, "dev-nics");

        Assert.Equal([1, 0, 0, 65536], Stats(r, "lo"));
        Assert.Equal([1, 2, 1000, 1500], Stats(r, "eth0"));
        Assert.Equal([1, 1, 100, 1496], Stats(r, "eth0_100"));
        Assert.Equal([0, 0, 0, 1500], Stats(r, "wlan0"));      // down: no speed or duplex files
        Assert.Equal([0, 0, 0, 1500], Stats(r, "br-lan"));     // IFF_UP but lower layer down: not running; speed -1
        Assert.Equal([1, 0, 0, 1420], Stats(r, "tun0"));
        Assert.False(r.ContainsKey("veth-gone.mtu"));          // in /proc/net/dev but gone from sysfs
        Assert.Equal(6 * 4, r.Count);
    }

    [Fact]
    public void NetIFStats_on_a_host_of_many_interfaces_reads_them_all_at_every_sample()
    {
        // Beyond 64 interfaces their files are opened and closed at each sample instead of kept open.
        using var tree = Qulo.Tests.Sensors.SystemSensors.ScratchTree.Empty();
        var dev = "Inter-|   Receive |  Transmit\n face |bytes packets|bytes packets\n";
        foreach (var i in Enumerable.Range(0, 70))
        {
            dev += $"veth{i}: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n";
            foreach (var (attribute, value) in new[] { ("flags", "0x1003"), ("operstate", "up"), ("duplex", "full"), ("speed", "10000"), ("mtu", $"{1400 + i}") })
                tree.Write($"sys/class/net/veth{i}/{attribute}", value + "\n");
        }
        tree.Write("proc/net/dev", dev);
        var sensor = NetIFStatsSensor.Info.Create(Context(NetIFStatsSensor.Info, tree.Roots));

        foreach (var sample in new[] { AsDictionary(sensor.Read()), AsDictionary(sensor.Read()) })
        {
            Assert.Equal(70 * 4, sample.Count);
            Assert.Equal([1, 2, 10000, 1469], Stats(sample, "veth69"));
        }
    }

    [Fact]
    public void NetIFStats_on_the_captured_server()
    {
        var r = Read(NetIFStatsSensor.Info, "dev-server");

        Assert.Equal([1, 0, 0, 1400], Stats(r, "eth0"));
        Assert.Equal([0, 0, 0, 1500], Stats(r, "ifb0"));
        Assert.Equal([1, 0, 0, 65536], Stats(r, "lo"));
    }

    [Fact]
    public void NetIFAddrs_counts_addresses_per_family()
    {
        // What getifaddrs lists: one entry per link, then one per IPv4 and per IPv6 address.
        InterfaceAddress[] addresses =
        [
            new("lo", AddressKind.Link), new("eth0", AddressKind.Link), new("eth0.100", AddressKind.Link),
            new("wlan0", AddressKind.Link), new("tun0", AddressKind.None), // tun: a link without a hardware address
            new("lo", AddressKind.IPv4), new("eth0", AddressKind.IPv4), new("eth0", AddressKind.IPv4), new("eth0.100", AddressKind.IPv4),
            new("lo", AddressKind.IPv6), new("eth0", AddressKind.IPv6), new("eth0", AddressKind.IPv6), new("eth0.100", AddressKind.IPv6),
            new("tun0", AddressKind.IPv6),
        ];
        var sensor = new NetIFAddrsSensor(() => addresses);

        var r = AsDictionary(sensor.Read());

        Assert.Equal([1, 1, 1], Addresses(r, "lo"));
        Assert.Equal([2, 2, 1], Addresses(r, "eth0"));
        Assert.Equal([1, 1, 1], Addresses(r, "eth0_100"));
        Assert.Equal([0, 0, 1], Addresses(r, "wlan0"));
        Assert.Equal([0, 1, 0], Addresses(r, "tun0"));
        Assert.Equal(5 * 3, r.Count);
        Assert.Equal(r.Keys.Order(StringComparer.Ordinal), sensor.Read().Select(reading => reading.Name)); // by interface, in name order
    }

    /// <summary>Between changes the addresses come as the same list, which is counted once; a new list is counted afresh.</summary>
    [Fact]
    public void NetIFAddrs_counts_a_list_once_and_a_new_list_again()
    {
        IReadOnlyList<InterfaceAddress> addresses = [new("lo", AddressKind.Link), new("lo", AddressKind.IPv4)];
        var sensor = new NetIFAddrsSensor(() => addresses);

        var first = sensor.Read();
        Assert.Same(first, sensor.Read());
        addresses = [.. addresses, new("lo", AddressKind.IPv4)];
        var second = sensor.Read();

        Assert.NotSame(first, second);
        Assert.Equal([1, 0, 1], Addresses(AsDictionary(first), "lo"));
        Assert.Equal([2, 0, 1], Addresses(AsDictionary(second), "lo"));
    }

    /// <summary>
    /// The rtnetlink dump against the kernel's own files: every interface of /sys/class/net, and per interface
    /// as many IPv6 addresses as /proc/net/if_inet6 lists (read before and after, in case one changed between).
    /// </summary>
    [Fact]
    public void NetIFAddrs_live_dump_agrees_with_sysfs_and_if_inet6()
    {
        static Dictionary<string, int> IPv6PerInterface() => File.Exists("/proc/net/if_inet6")
            ? File.ReadAllLines("/proc/net/if_inet6").Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1])
                .GroupBy(nic => nic).ToDictionary(g => g.Key, g => g.Count())
            : [];
        var before = IPv6PerInterface();
        var live = new InterfaceAddresses().Read();
        var after = IPv6PerInterface();

        var links = Directory.GetDirectories("/sys/class/net").Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(links, live.Where(a => a.Kind is AddressKind.Link or AddressKind.None).Select(a => a.Interface).Distinct().Order(StringComparer.Ordinal));
        var ipv6 = live.Where(a => a.Kind == AddressKind.IPv6).GroupBy(a => a.Interface).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(ipv6.OrderBy(e => e.Key).SequenceEqual(before.OrderBy(e => e.Key)) || ipv6.OrderBy(e => e.Key).SequenceEqual(after.OrderBy(e => e.Key)),
            $"dump IPv6 {string.Join(", ", ipv6)}; if_inet6 {string.Join(", ", before)}");
        Assert.Contains(new InterfaceAddress("lo", AddressKind.IPv4), live);
    }

    private static double[] Stats(IReadOnlyDictionary<string, double> r, string nic) =>
        [r[nic + ".isup"], r[nic + ".duplex"], r[nic + ".speed"], r[nic + ".mtu"]];

    private static double[] Addresses(IReadOnlyDictionary<string, double> r, string nic) =>
        [r[nic + ".ipv4"], r[nic + ".ipv6"], r[nic + ".mac"]];
}
