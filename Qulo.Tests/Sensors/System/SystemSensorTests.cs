using Xunit;

namespace Qulo.Tests.Sensors.SystemSensors;

/// <summary>BootTime and Users over fixtures; the utmp fixture comes from Fixtures/make-sys-fixtures.py.</summary>
public class SystemSensorTests
{
    [Fact]
    public void BootTime_is_btime() =>
        Assert.Equal(new Dictionary<string, double> { [""] = 1764130000 }, SysFixture.Read("BootTime", "sys-laptop"));

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
