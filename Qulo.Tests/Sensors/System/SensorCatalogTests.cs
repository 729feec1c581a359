using Qulo.Actors.Sensors;
using Xunit;

namespace Qulo.Tests.Sensors.SystemSensors;

/// <summary>Every CPU, memory and system sensor is registered and describes itself fully.</summary>
public class SensorCatalogTests
{
    public static TheoryData<string> Sensors => new()
    {
        "CPUPercent", "CPUTimes", "CPUTimesPercent", "CPUCount", "CPUStats", "CPUFreq",
        "VirtualMemory", "SwapMemory", "BootTime", "Users",
    };

    [Theory]
    [MemberData(nameof(Sensors))]
    public void Sensor_is_registered_with_help_emits_and_valid_defaults(string name)
    {
        var info = SensorRegistry.Get(name);
        Assert.Equal(name, info.Name);
        Assert.False(string.IsNullOrWhiteSpace(info.Help));
        Assert.NotEmpty(info.Emits);
        Assert.All(info.Emits, e => Assert.StartsWith(name, e));
        Assert.All(info.Options, o => Assert.Null(o.Validate(o.Default)));
        Assert.All(info.Options, o => Assert.False(string.IsNullOrWhiteSpace(o.Help)));
        Assert.NotNull(info.Create(new SensorContext(FileSystemRoots.Live, SensorOptions.Defaults(info))));
    }

    [Theory]
    [InlineData("CPUPercent", "percpu", "true")]
    [InlineData("CPUTimes", "percpu", "false")]
    [InlineData("CPUTimesPercent", "percpu", "false")]
    [InlineData("CPUFreq", "percpu", "false")]
    [InlineData("CPUCount", "logical", "true")]
    public void Options_default_like_psutil_and_the_original(string sensor, string option, string expected) =>
        Assert.Equal(expected, SensorRegistry.Get(sensor).Options.Single(o => o.Name == option).Default);

    [Fact]
    public void A_bad_option_value_is_refused_with_the_option_named()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            SensorOptions.Create(SensorRegistry.Get("CPUPercent"), new Dictionary<string, string> { ["percpu"] = "maybe" }));
        Assert.Contains("percpu", error.Message);
    }
}
