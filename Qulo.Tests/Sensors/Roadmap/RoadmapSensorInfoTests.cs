using Qulo.Actors.Sensors;
using Xunit;

namespace Qulo.Tests.Sensors.Roadmap;

/// <summary>The roadmap sensors follow the seed sensors' contract: registered, described, options validated.</summary>
public class RoadmapSensorInfoTests
{
    public static TheoryData<string> Names() => ["GPU", "SlurmJobs", "LoadAvg", "Processes"];

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_roadmap_sensor_is_registered_with_help_and_emits(string name)
    {
        var info = SensorRegistry.Get(name);

        Assert.Equal(name, info.Name);
        Assert.False(string.IsNullOrWhiteSpace(info.Help));
        Assert.NotEmpty(info.Emits);
        Assert.All(info.Emits, e => Assert.StartsWith(name + ".", e));
        Assert.All(info.Options, o => Assert.False(string.IsNullOrWhiteSpace(o.Help)));
        Assert.All(info.Options, o => Assert.Null(o.Validate(o.Default)));
    }

    [Theory]
    [InlineData("GPU", "source", "cuda", "not one of: auto, nvml, nvidia-smi")]
    [InlineData("GPU", "timeout", "0", "not a positive number")]
    [InlineData("SlurmJobs", "scope", "partition", "not one of: node, cluster")]
    [InlineData("SlurmJobs", "timeout", "never", "not a positive number")]
    public void A_bad_option_value_is_rejected_naming_what_is_allowed(string sensor, string option, string value, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() =>
            SensorOptions.Create(SensorRegistry.Get(sensor), new Dictionary<string, string> { [option] = value }));

        Assert.Contains($"option '{option}'", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void SlurmJobs_defaults_to_this_node_and_squeue_on_PATH()
    {
        var options = SensorRegistry.Get("SlurmJobs").Options.ToDictionary(o => o.Name, o => o.Default);

        Assert.Equal("node", options["scope"]);
        Assert.Equal("squeue", options["squeue"]);
        Assert.Equal("", options["node"]);
    }

    [Theory]
    [InlineData("LoadAvg")]
    [InlineData("Processes")]
    public void Load_sensors_take_no_options_like_psutil(string name) => Assert.Empty(SensorRegistry.Get(name).Options);
}
