using System.Text.RegularExpressions;
using Qulo.Actors.Sensors;
using Qulo.Tests.Sensors.SystemSensors;
using Xunit;

namespace Qulo.Tests.Sensors.Roadmap;

/// <summary>The roadmap sensors describe themselves truly: what they read is what `qagent sensors` says they emit.</summary>
public class RoadmapSensorInfoTests
{
    [Fact]
    public void GPU_readings_are_all_documented()
    {
        using var nvidiaSmi = new FakeCommand("nvidia-smi", "road-gpu", "h200-lost");
        AssertDocumented("GPU", SysFixture.Create("GPU", FileSystemRoots.Live, ("source", "nvidia-smi"), ("nvidia_smi", nvidiaSmi.Program)));
    }

    [Fact]
    public void SlurmJobs_readings_are_all_documented()
    {
        using var squeue = new FakeCommand("squeue", "road-slurm", "cluster");
        AssertDocumented("SlurmJobs", SysFixture.Create("SlurmJobs", FileSystemRoots.Live, ("squeue", squeue.Program), ("scope", "cluster")));
    }

    [Theory]
    [InlineData("LoadAvg")]
    [InlineData("Processes")]
    public void Load_readings_are_all_documented(string sensor) =>
        AssertDocumented(sensor, SysFixture.Create(sensor, SysFixture.Roots("road-proc")));

    [Theory]
    [InlineData("GPU", "source", new[] { "auto", "nvml", "nvidia-smi" })]
    [InlineData("SlurmJobs", "scope", new[] { "node", "cluster" })]
    public void Choices_are_the_documented_ones(string sensor, string option, string[] choices) =>
        Assert.Equal(choices, SensorRegistry.Get(sensor).Options.Single(o => o.Name == option).Choices);

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

    /// <summary>
    /// Every reading matches one of the sensor's emits patterns, a placeholder such as &lt;index&gt; standing for
    /// one path component; and the sensor has help, for itself and each option.
    /// </summary>
    private static void AssertDocumented(string name, ISensor sensor)
    {
        var info = SensorRegistry.Get(name);
        Assert.False(string.IsNullOrWhiteSpace(info.Help));
        Assert.All(info.Options, o => Assert.False(string.IsNullOrWhiteSpace(o.Help)));
        var patterns = info.Emits.Select(e => new Regex("^" + Regex.Replace(Regex.Escape(e), "<[^>]*>", "[^.]+") + "$")).ToList();

        var readings = sensor.Read();

        Assert.NotEmpty(readings);
        Assert.All(readings, r => Assert.Contains(patterns, p => p.IsMatch($"{name}.{r.Name}")));
    }
}
