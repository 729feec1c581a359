using Qulo.Actors.Sensors;
using Qulo.Actors.Sensors.Disk;
using Qulo.Actors.Sensors.Hardware;
using Qulo.Actors.Sensors.Net;
using Xunit;

namespace Qulo.Tests.Sensors.Devices;

public class DeviceSensorInfoTests
{
    public static TheoryData<string> Names() =>
    [
        "DiskPartitions", "DiskUsage", "DiskIOCounters", "NetIOCounters", "NetConnections",
        "NetIFAddrs", "NetIFStats", "SensorsTemperatures", "SensorsFans", "SensorsBattery",
    ];

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_device_sensor_is_registered_with_help_and_emits(string name)
    {
        var info = SensorRegistry.Get(name);

        Assert.Equal(name, info.Name);
        Assert.False(string.IsNullOrWhiteSpace(info.Help));
        Assert.NotEmpty(info.Emits);
        Assert.All(info.Emits, e => Assert.StartsWith(name + ".", e));
        Assert.All(info.Options, o => Assert.False(string.IsNullOrWhiteSpace(o.Help)));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void An_unknown_option_is_rejected_listing_the_sensors_options(string name)
    {
        var info = SensorRegistry.Get(name);

        var e = Assert.Throws<ArgumentException>(() => SensorOptions.Create(info, new Dictionary<string, string> { ["colour"] = "red" }));
        Assert.Contains($"sensor {name} has no option 'colour'", e.Message);
        foreach (var option in info.Options)
            Assert.Contains($"{option.Name} (default {option.Default})", e.Message);
    }

    [Theory]
    [InlineData("DiskPartitions", "all", "sometimes", "not a boolean")]
    [InlineData("DiskIOCounters", "perdisk", "2", "not a boolean")]
    [InlineData("NetIOCounters", "pernic", "", "not a boolean")]
    [InlineData("NetConnections", "kind", "sctp", "not one of: inet, inet4, inet6, tcp, tcp4, tcp6, udp, udp4, udp6, unix, all")]
    [InlineData("DiskUsage", "timeout", "0", "not a positive number")]
    [InlineData("DiskUsage", "timeout", "soon", "not a positive number")]
    [InlineData("DiskUsage", "path", " , ", "the list is empty")]
    public void A_bad_option_value_is_rejected_naming_what_is_allowed(string sensor, string option, string value, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() =>
            SensorOptions.Create(SensorRegistry.Get(sensor), new Dictionary<string, string> { [option] = value }));
        Assert.Contains($"option '{option}'", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Defaults_match_psutils()
    {
        Assert.Equal("false", DiskPartitionsSensor.Info.Options.Single(o => o.Name == "all").Default);
        Assert.Equal("false", DiskIOCountersSensor.Info.Options.Single(o => o.Name == "perdisk").Default);
        Assert.Equal("false", NetIOCountersSensor.Info.Options.Single(o => o.Name == "pernic").Default);
        Assert.Equal("inet", NetConnectionsSensor.Info.Options.Single(o => o.Name == "kind").Default);
        Assert.Equal("/", DiskUsageSensor.Info.Options.Single(o => o.Name == "path").Default);
        Assert.Equal("5", DiskUsageSensor.Info.Options.Single(o => o.Name == "timeout").Default);
        Assert.Empty(SensorsBatterySensor.Info.Options);
        Assert.Empty(NetIFStatsSensor.Info.Options);
    }
}
