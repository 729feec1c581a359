using Qulo.Actors.Sensors;
using Xunit;

namespace Qulo.Tests.Sensors.SystemSensors;

/// <summary>A broken or missing source is a <see cref="SensorException"/> whose message names the file, never a crash.</summary>
public class MalformedSourceTests
{
    [Theory]
    [InlineData("CPUTimes", "proc/stat")]            // "abc" among the cpu times
    [InlineData("CPUPercent", "proc/stat")]
    [InlineData("CPUStats", "proc/stat")]
    [InlineData("VirtualMemory", "proc/meminfo")]    // "MemTotal: lots kB"
    [InlineData("SwapMemory", "proc/meminfo")]
    [InlineData("CPUCount", "sys/devices/system/cpu/online")] // "0-a"
    [InlineData("CPUFreq", "proc/cpuinfo")]          // "cpu MHz : n/a"
    [InlineData("Users", "utmp")]                    // 500 bytes: not whole 384-byte records
    public void A_malformed_file_is_named(string sensor, string file)
    {
        var error = Assert.Throws<SensorException>(() => SysFixture.Read(sensor, "sys-malformed"));
        Assert.Contains(Path.Combine(SysFixture.Directory("sys-malformed"), file), error.Message);
    }

    [Fact]
    public void A_malformed_cpufreq_file_is_named()
    {
        using var tree = ScratchTree.CopyOf("sys-malformed");
        tree.Delete("proc/cpuinfo");
        var error = Assert.Throws<SensorException>(() => SysFixture.Create("CPUFreq", tree.Roots).Read());
        Assert.Contains(tree.PathOf("sys/devices/system/cpu/cpufreq/policy0/scaling_max_freq"), error.Message);
        Assert.Contains("'fast'", error.Message);
    }

    [Theory]
    [InlineData("CPUTimes", "stat")]
    [InlineData("BootTime", "stat")]
    [InlineData("VirtualMemory", "meminfo")]
    public void A_missing_file_is_named(string sensor, string file)
    {
        using var tree = ScratchTree.Empty();
        var error = Assert.Throws<SensorException>(() => SysFixture.Create(sensor, tree.Roots).Read());
        Assert.Contains(tree.PathOf("proc/" + file), error.Message);
    }

    [Fact]
    public void A_stat_without_btime_is_named()
    {
        using var tree = ScratchTree.CopyOf("sys-laptop");
        tree.Write("proc/stat", "cpu  1 2 3 4 5 6 7 8 9 10\nctxt 5\n");
        var error = Assert.Throws<SensorException>(() => SysFixture.Create("BootTime", tree.Roots).Read());
        Assert.Contains(tree.PathOf("proc/stat"), error.Message);
        Assert.Contains("btime", error.Message);
    }

    [Theory]
    [InlineData("CPUTimes")]
    [InlineData("CPUTimesPercent")]
    public void A_stat_that_does_not_start_with_the_all_cpu_line_is_named(string sensor)
    {
        // psutil's cpu_times() takes the first line for it; so do these sensors, without reading further.
        using var tree = ScratchTree.Empty();
        tree.Write("proc/stat", "ctxt 5\ncpu  1 2 3 4 5 6 7 8 9 10\n");
        var error = Assert.Throws<SensorException>(() => SysFixture.Create(sensor, tree.Roots).Read());
        Assert.Contains(tree.PathOf("proc/stat"), error.Message);
        Assert.Contains("first line", error.Message);
    }

    [Fact]
    public void A_stat_with_too_few_cpu_times_is_named()
    {
        using var tree = ScratchTree.Empty();
        tree.Write("proc/stat", "cpu  1 2 3 4\n");
        var error = Assert.Throws<SensorException>(() => SysFixture.Create("CPUTimes", tree.Roots).Read());
        Assert.Contains(tree.PathOf("proc/stat"), error.Message);
    }
}
