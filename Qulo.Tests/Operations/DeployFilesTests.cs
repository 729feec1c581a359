using System.Text.RegularExpressions;
using Qulo.Tests.Support;
using Xunit;

namespace Qulo.Tests.Operations;

/// <summary>The service files in deploy/ as the service managers read them.</summary>
public partial class DeployFilesTests
{
    [Theory]
    [InlineData("deploy/openrc/qulo-master")]
    [InlineData("deploy/openrc/qulo-agent")]
    [InlineData("deploy/openrc/qulo")]
    [InlineData("deploy/openrc/conf.d/qulo")]
    public void OpenRC_files_are_valid_POSIX_shell(string file)
    {
        var result = Scripts.Exec("/bin/sh", ["-n", Scripts.PathOf(file)]);
        Assert.True(result.ExitCode == 0, result.Stderr);
    }

    /// <summary>systemd-analyze checks every directive; ExecStart points at this build's executables, as install.sh points it at the installed ones.</summary>
    [Fact]
    public void Systemd_units_pass_systemd_analyze_verify()
    {
        using var dir = new TempDirectory();
        var units = new[] { "qulo-master.service", "qulo-agent.service" }.Select(unit => dir.Write(unit,
            File.ReadAllText(Scripts.PathOf($"deploy/systemd/{unit}")).Replace("/usr/local/bin/", AppContext.BaseDirectory))).ToArray();
        var result = Scripts.Exec("systemd-analyze", ["verify", .. units]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.DoesNotContain("qulo-", result.Stderr);
    }

    [Fact]
    public void Systemd_orders_carbon_then_master_then_agent_and_restarts_on_failure()
    {
        var master = Directives("qulo-master.service");
        var agent = Directives("qulo-agent.service");
        Assert.Contains("carbon-cache.service", master["After"]);
        Assert.Contains("carbon-cache.service", master["Wants"]);
        Assert.Contains("qulo-master.service", agent["After"]);
        foreach (var unit in new[] { master, agent })
        {
            Assert.Equal(["notify"], unit["Type"]);
            Assert.Equal(["on-failure"], unit["Restart"]);
        }
    }

    /// <summary>The example /etc/conf.d/qulo documents every variable bin/qulo reads, and names no other.</summary>
    [Fact]
    public void The_conf_d_example_and_bin_qulo_know_the_same_variables()
    {
        var documented = Variables(File.ReadAllText(Scripts.PathOf("deploy/openrc/conf.d/qulo")), @"^#?(QULO_[A-Z_]+)=");
        var script = File.ReadAllText(Scripts.PathOf("bin/qulo"));
        var defaults = script[script.IndexOf("set_defaults() {", StringComparison.Ordinal)..];
        var known = Variables(defaults[..defaults.IndexOf("\n}", StringComparison.Ordinal)], @"^\s+(QULO_[A-Z_]+)=");
        Assert.Equal(known, documented);
    }

    private static SortedSet<string> Variables(string text, string pattern) =>
        new(Regex.Matches(text, pattern, RegexOptions.Multiline).Select(m => m.Groups[1].Value), StringComparer.Ordinal);

    /// <summary>Each directive's space-separated values, over all its lines.</summary>
    private static Dictionary<string, List<string>> Directives(string unit)
    {
        var directives = new Dictionary<string, List<string>>();
        foreach (var match in DirectiveLine().Matches(File.ReadAllText(Scripts.PathOf($"deploy/systemd/{unit}"))).Cast<Match>())
        {
            if (!directives.TryGetValue(match.Groups[1].Value, out var values))
                directives[match.Groups[1].Value] = values = [];
            values.AddRange(match.Groups[2].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        }
        return directives;
    }

    [GeneratedRegex(@"^([A-Za-z]+)=(.*)$", RegexOptions.Multiline)]
    private static partial Regex DirectiveLine();
}
