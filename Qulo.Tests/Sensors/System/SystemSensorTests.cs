using Qulo.Actors.Sensors;
using Qulo.Actors.Sensors.SystemInfo;
using Xunit;

namespace Qulo.Tests.Sensors.SystemSensors;

/// <summary>BootTime and Users over fixtures; the utmp fixture comes from Fixtures/make-sys-fixtures.py.</summary>
public class SystemSensorTests
{
    [Fact]
    public void BootTime_is_btime() =>
        Assert.Equal(new Dictionary<string, double> { [""] = 1764130000 }, SysFixture.Read("BootTime", "sys-laptop"));

    /// <summary>The live sensor reads the clocks the kernel computes btime from: the same second as /proc/stat, read just before or after.</summary>
    [Fact]
    public void BootTime_live_from_the_clocks_equals_btime_of_proc_stat()
    {
        static double Btime() => double.Parse(File.ReadLines("/proc/stat").Single(line => line.StartsWith("btime ", StringComparison.Ordinal))[6..]);
        var before = Btime();
        var ours = SysFixture.Create("BootTime", FileSystemRoots.Live).Read().Single().Value;
        var after = Btime();

        Assert.Contains(ours, new[] { before, after });
    }

    [Theory]
    [InlineData(1_764_130_000_500_000_000, 1_000_000_000, 1_000_000_100, 1_764_129_999L)] // well inside a second
    [InlineData(1_764_130_001_000_000_050, 1_000_000_000, 1_000_000_100, null)]           // the bracket straddles a second
    [InlineData(1_764_130_001_000_000_500, 1_000_000_000, 1_000_000_100, null)]           // within the microsecond of slack
    [InlineData(1_764_130_001_000_002_000, 1_000_000_000, 1_000_000_100, 1_764_130_000L)] // clear of it
    public void BootTime_takes_the_clocks_second_only_when_the_bracket_settles_it(long real, long bootBefore, long bootAfter, long? second) =>
        Assert.Equal(second, BootTimeSensor.BootSecond(real, bootBefore, bootAfter));

    [Fact]
    public void Users_counts_user_process_sessions_per_user()
    {
        // Nine records: boot, run level, a login prompt and a dead session are not sessions; alice has two,
        // "jean.luc" becomes one path component, and a 32-byte name has no terminating NUL.
        var users = SysFixture.Read("Users", "sys-laptop");
        Assert.Equal(new Dictionary<string, double>
        {
            ["count"] = 5,
            ["alice.sessions"] = 2,
            ["bob.sessions"] = 1,
            ["jean_luc.sessions"] = 1,
            [new string('a', 32) + ".sessions"] = 1,
        }, users);
    }

    [Fact]
    public void Users_reports_nothing_without_a_utmp_file() =>
        Assert.Empty(SysFixture.Read("Users", "sys-noswap-container"));

    [Fact]
    public void Users_counts_zero_sessions_in_an_empty_utmp()
    {
        using var tree = ScratchTree.Empty();
        tree.Write("utmp", "");
        var users = SysFixture.ToDictionary(SysFixture.Create("Users", tree.Roots).Read());
        Assert.Equal(new Dictionary<string, double> { ["count"] = 0 }, users);
    }
}
