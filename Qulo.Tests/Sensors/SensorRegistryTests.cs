using Qulo.Actors.Sensors;
using Qulo.Tests.Support;
using Xunit;

namespace Qulo.Tests.Sensors;

/// <summary>What `qagent sensors` prints comes from the registry: every sensor must describe itself fully.</summary>
public class SensorRegistryTests
{
    [Fact]
    public void Every_sensor_describes_the_paths_it_emits_under_its_own_name()
    {
        Assert.NotEmpty(SensorRegistry.All);
        foreach (var info in SensorRegistry.All)
        {
            Assert.False(string.IsNullOrWhiteSpace(info.Help), info.Name + " has no help");
            Assert.NotEmpty(info.Emits);
            // An entry may carry a note after the path: "CPUPercent (percpu=false)".
            Assert.All(info.Emits.Select(e => e.Split(' ')[0]),
                path => Assert.True(path == info.Name || path.StartsWith(info.Name + "."), $"{info.Name} emits '{path}'"));
        }
    }

    [Fact]
    public void Qagent_sensors_lists_every_registered_sensor_and_shows_one_in_full()
    {
        var list = Executables.Run("qagent", "sensors");
        Assert.Equal(0, list.ExitCode);
        Assert.Equal(SensorRegistry.Names, list.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[0]));

        var one = Executables.Run("qagent", "sensors", "DiskUsage");
        Assert.Equal(0, one.ExitCode);
        Assert.Contains("path = /", one.Stdout);
        Assert.Contains("  DiskUsage.<mount>.percent", one.Stdout);

        var unknown = Executables.Run("qagent", "sensors", "DiskUsed");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("DiskUsed: invalid sensor name; valid names are: BootTime, CPUCount", unknown.Stderr);
    }

    [Fact]
    public void Qagent_test_prints_graphite_plaintext_lines_for_the_named_sensors()
    {
        var result = Executables.Run("qagent", "test", "-c", FixturePath.Of("config", "seed-qagent.hocon"), "CPUCount", "VirtualMemory");
        Assert.True(result.ExitCode == 0, result.Stderr);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')).ToList();
        Assert.All(lines, fields => Assert.Equal(3, fields.Length));
        Assert.Contains(lines, f => f[0].EndsWith(".CPUCount") && f[1] == Environment.ProcessorCount.ToString());
        Assert.Contains(lines, f => f[0].EndsWith(".VirtualMemory.percent"));
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        Assert.All(lines, f => Assert.InRange(double.Parse(f[2], System.Globalization.CultureInfo.InvariantCulture), now - 60, now + 1));
    }
}
