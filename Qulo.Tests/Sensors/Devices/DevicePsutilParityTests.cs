using System.Text.Json;
using Qulo.Actors.Metrics;
using Qulo.Actors.Sensors;
using Qulo.Actors.Sensors.Disk;
using Qulo.Actors.Sensors.Hardware;
using Qulo.Actors.Sensors.Net;
using Qulo.Tests.Support;
using Xunit;
using static Qulo.Tests.Sensors.Devices.DeviceFixtures;

namespace Qulo.Tests.Sensors.Devices;

/// <summary>
/// The device sensors against psutil 5.9 (Debian's python3-psutil): on the procfs fixtures (psutil's
/// PROCFS_PATH pointed at them) and on the live machine. Static values must be equal. Counters move
/// between two samples, so ours is read before and after psutil's: every monotonic counter of psutil
/// must lie between our two readings. Values that can go down (socket counts) are compared on a
/// quiet moment: when our two readings agree, psutil must agree with them.
/// </summary>
[Trait(Category.Name, Category.EndToEnd)]
public class DevicePsutilParityTests
{
    [Theory]
    [InlineData("dev-oddmounts", false)]
    [InlineData("dev-oddmounts", true)]
    [InlineData("dev-server", false)]
    public void DiskPartitions_on_fixtures_match_psutil(string shape, bool all)
    {
        var ours = Read(DiskPartitionsSensor.Info, shape, ("all", all.ToString()));
        var theirs = Psutil.Evaluate($"psutil.disk_partitions(all={(all ? "True" : "False")})", ProcfsAt(shape));
        AssertPartitionsEqual(theirs, ours);
    }

    [Fact]
    public void DiskPartitions_live_match_psutil() =>
        AssertPartitionsEqual(Psutil.Evaluate("psutil.disk_partitions()"), ReadLive(DiskPartitionsSensor.Info));

    [Theory]
    [InlineData("dev-nics", "inet")]
    [InlineData("dev-nics", "all")]
    [InlineData("dev-nics", "tcp6")]
    [InlineData("dev-server", "tcp")]
    public void NetConnections_on_fixtures_match_psutil(string shape, string kind)
    {
        var ours = Read(NetConnectionsSensor.Info, shape, ("kind", kind));
        var theirs = Psutil.Evaluate($"psutil.net_connections('{kind}')", ProcfsAt(shape));
        AssertConnectionsEqual(theirs, ours);
    }

    [Fact]
    public void NetConnections_live_tcp_match_psutil_when_quiet()
    {
        var (ours, theirs) = WhenQuiet(() => ReadLive(NetConnectionsSensor.Info, ("kind", "tcp")), () => Psutil.Evaluate("psutil.net_connections('tcp')"),
            ConnectionsAgree);
        AssertConnectionsEqual(theirs, ours);
    }

    /// <summary>psutil's set of (fd, family, type, laddr, raddr, status, pid) merges unix sockets it cannot tell apart; we count each socket.</summary>
    [Fact]
    public void NetConnections_live_unix_count_at_least_psutils_distinct_sockets()
    {
        var (ours, theirs) = WhenQuiet(() => ReadLive(NetConnectionsSensor.Info, ("kind", "unix")), () => Psutil.Evaluate("psutil.net_connections('unix')"));
        Assert.True(ours["unix.count"] >= theirs.GetArrayLength(), $"ours {ours["unix.count"]}, psutil {theirs.GetArrayLength()}");
    }

    [Theory]
    [InlineData("dev-nics")]
    [InlineData("dev-server")]
    public void NetIOCounters_on_fixtures_match_psutil(string shape)
    {
        var theirs = Psutil.Evaluate("psutil.net_io_counters(pernic=True)", ProcfsAt(shape));
        var ours = Read(NetIOCountersSensor.Info, shape, ("pernic", "true"));
        foreach (var nic in theirs.EnumerateObject())
            foreach (var field in nic.Value.EnumerateObject())
                Assert.Equal(field.Value.GetDouble(), ours[MetricPath.Join(MetricPath.Sanitize(nic.Name), field.Name)]);
        Assert.Equal(theirs.EnumerateObject().Count() * 8, ours.Count);
    }

    [Fact]
    public void NetIOCounters_live_lie_between_our_samples()
    {
        AssertBetween(() => ReadLive(NetIOCountersSensor.Info), () => Flatten(Psutil.Evaluate("psutil.net_io_counters()"), ""));
        AssertBetween(() => ReadLive(NetIOCountersSensor.Info, ("pernic", "true")), () => Flatten(Psutil.Evaluate("psutil.net_io_counters(pernic=True)"), ""));
    }

    [Fact]
    public void DiskIOCounters_live_lie_between_our_samples()
    {
        AssertBetween(() => ReadLive(DiskIOCountersSensor.Info), () => Flatten(Psutil.Evaluate("psutil.disk_io_counters()"), ""));
        AssertBetween(() => ReadLive(DiskIOCountersSensor.Info, ("perdisk", "true")), () => Flatten(Psutil.Evaluate("psutil.disk_io_counters(perdisk=True)"), ""));
    }

    /// <summary>total is static; used and free move with whatever writes the disk meanwhile (the build, logs), so they get 64 MiB.</summary>
    [Fact]
    public void DiskUsage_live_root_matches_psutil()
    {
        // Other processes write to the disk meanwhile: psutil's reading must fall between ours taken
        // before and after it, widened by a margin for what is written within those milliseconds.
        var before = ReadLive(DiskUsageSensor.Info);
        var theirs = Psutil.Evaluate("psutil.disk_usage('/')");
        var after = ReadLive(DiskUsageSensor.Info);
        const double margin = 64 << 20;

        Assert.Equal(theirs.GetProperty("total").GetDouble(), before["root.total"]);
        foreach (var (field, slack) in new[] { ("used", margin), ("free", margin), ("percent", 0.5) })
        {
            var low = Math.Min(before["root." + field], after["root." + field]) - slack;
            var high = Math.Max(before["root." + field], after["root." + field]) + slack;
            Assert.InRange(theirs.GetProperty(field).GetDouble(), low, high);
        }
    }

    [Fact]
    public void NetIFStats_live_match_psutil()
    {
        var ours = ReadLive(NetIFStatsSensor.Info);
        var theirs = Psutil.Evaluate("psutil.net_if_stats()");
        foreach (var nic in theirs.EnumerateObject())
        {
            var name = MetricPath.Sanitize(nic.Name);
            Assert.Equal(nic.Value.GetProperty("isup").GetBoolean() ? 1 : 0, ours[name + ".isup"]);
            Assert.Equal(nic.Value.GetProperty("duplex").GetDouble(), ours[name + ".duplex"]);
            Assert.Equal(nic.Value.GetProperty("speed").GetDouble(), ours[name + ".speed"]);
            Assert.Equal(nic.Value.GetProperty("mtu").GetDouble(), ours[name + ".mtu"]);
        }
        Assert.Equal(theirs.EnumerateObject().Count() * 4, ours.Count);
    }

    [Fact]
    public void NetIFAddrs_live_match_psutil()
    {
        var ours = ReadLive(NetIFAddrsSensor.Info);
        var theirs = Psutil.Evaluate("{nic: [a.family for a in addrs] for nic, addrs in psutil.net_if_addrs().items()}");
        foreach (var nic in theirs.EnumerateObject())
        {
            var families = nic.Value.EnumerateArray().Select(f => f.GetInt32()).ToList();
            var name = MetricPath.Sanitize(nic.Name);
            Assert.Equal(families.Count(f => f == 2), ours[name + ".ipv4"]);   // AF_INET
            Assert.Equal(families.Count(f => f == 10), ours[name + ".ipv6"]);  // AF_INET6
            Assert.Equal(families.Count(f => f == 17), ours[name + ".mac"]);   // AF_PACKET (psutil.AF_LINK)
        }
        // We also list interfaces without any address (psutil leaves them out), with zero counts.
        Assert.All(ours.Where(r => !theirs.TryGetProperty(r.Key.Split('.')[0], out _)), r => Assert.Equal(0, r.Value));
    }

    /// <summary>Temperatures and fans move, so only what is present is compared; on a machine without sensors both sides are empty.</summary>
    [Fact]
    public void Hardware_sensors_live_match_psutils_presence()
    {
        var temperatures = Psutil.Evaluate("sum(len(v) for v in psutil.sensors_temperatures().values())").GetInt32();
        var fans = Psutil.Evaluate("sum(len(v) for v in psutil.sensors_fans().values())").GetInt32();
        var battery = Psutil.Evaluate("psutil.sensors_battery()");

        Assert.Equal(temperatures, ReadLive(SensorsTemperaturesSensor.Info).Keys.Count(k => k.EndsWith(".current", StringComparison.Ordinal)));
        Assert.Equal(fans, ReadLive(SensorsFansSensor.Info).Count);
        var ours = ReadLive(SensorsBatterySensor.Info);
        if (battery.ValueKind == JsonValueKind.Null)
            Assert.Empty(ours);
        else
            Assert.InRange(ours["percent"], battery.GetProperty("percent").GetDouble() - 1, battery.GetProperty("percent").GetDouble() + 1);
    }

    // Psutil.Evaluate appends setup right after its prelude, which ends without a newline.
    private static string ProcfsAt(string shape) => $"\npsutil.PROCFS_PATH = {JsonSerializer.Serialize(Path.Combine(Root(shape), "proc"))}\n";

    private static void AssertPartitionsEqual(JsonElement theirs, IReadOnlyDictionary<string, double> ours)
    {
        var expected = new Dictionary<string, double> { ["count"] = theirs.GetArrayLength() };
        foreach (var byType in theirs.EnumerateArray().GroupBy(p => p.GetProperty("fstype").GetString()!))
            expected[MetricPath.Join("fstype", MetricPath.Sanitize(byType.Key))] = byType.Count();
        Assert.Equal(expected.OrderBy(e => e.Key), ours.OrderBy(e => e.Key));
    }

    private static void AssertConnectionsEqual(JsonElement theirs, IReadOnlyDictionary<string, double> ours)
    {
        foreach (var (name, value) in PsutilConnectionReadings(theirs))
            Assert.Equal((name, value), (name, ours.GetValueOrDefault(name, double.NaN)));
    }

    private static bool ConnectionsAgree(IReadOnlyDictionary<string, double> ours, JsonElement theirs) =>
        PsutilConnectionReadings(theirs).All(r => ours.TryGetValue(r.Key, out var value) && value == r.Value);

    /// <summary>psutil's connections as our readings: the count, and the TCP ones by state.</summary>
    private static Dictionary<string, double> PsutilConnectionReadings(JsonElement theirs)
    {
        var readings = new Dictionary<string, double> { ["count"] = theirs.GetArrayLength() };
        foreach (var byState in theirs.EnumerateArray().Select(c => c.GetProperty("status").GetString()!).Where(s => s != "NONE").GroupBy(s => s))
            readings[MetricPath.Join("tcp", byState.Key)] = byState.Count();
        return readings;
    }

    /// <summary>Reads ours, psutil's, ours again; every psutil counter must lie between our two.</summary>
    private static void AssertBetween(Func<IReadOnlyDictionary<string, double>> ours, Func<IReadOnlyDictionary<string, double>> theirs)
    {
        var before = ours();
        var reference = theirs();
        var after = ours();
        Assert.Equal(reference.Keys.Order(), before.Keys.Order());
        Assert.All(reference, r => Assert.InRange(r.Value, before[r.Key], after[r.Key]));
    }

    /// <summary>
    /// Repeats until our readings before and after psutil's agree, and psutil's agrees with them where
    /// <paramref name="same"/> says how: other tests open and close connections in a loop, and a socket that came
    /// and went between our two reads, or a pair that closed and reopened, is in one view only. A difference
    /// that persists still fails, with the last attempt's readings.
    /// </summary>
    private static (IReadOnlyDictionary<string, double> Ours, JsonElement Theirs) WhenQuiet(Func<IReadOnlyDictionary<string, double>> ours,
        Func<JsonElement> theirs, Func<IReadOnlyDictionary<string, double>, JsonElement, bool>? same = null)
    {
        for (var attempt = 0; ; attempt++)
        {
            var before = ours();
            var reference = theirs();
            if ((before.SequenceEqual(ours()) && (same is null || same(before, reference))) || attempt == 40) return (before, reference);
        }
    }

    /// <summary>psutil's JSON objects as our reading names: nested keys joined with dots, NIC and disk names sanitised.</summary>
    private static IReadOnlyDictionary<string, double> Flatten(JsonElement element, string prefix) =>
        element.ValueKind == JsonValueKind.Object
            ? element.EnumerateObject()
                .SelectMany(p => Flatten(p.Value, MetricPath.Join(prefix, MetricPath.Sanitize(p.Name))))
                .ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal)
            : new Dictionary<string, double> { [prefix] = element.GetDouble() };
}
