using System.Text.Json;
using Qulo.Tests.Support;
using Xunit;

namespace Qulo.Tests.Cli;

public class DashboardCommandTests
{
    [Theory]
    [InlineData("overview")]
    [InlineData("node")]
    public void Qmaster_dashboard_prints_grafana_json_with_graphite_targets(string kind)
    {
        var result = Executables.Run("qmaster", "dashboard", kind);
        Assert.Equal(0, result.ExitCode);
        var dashboard = JsonDocument.Parse(result.Stdout).RootElement;
        Assert.Equal($"qulo-{kind}", dashboard.GetProperty("uid").GetString());
        Assert.Contains("\"target\"", result.Stdout);
    }

    [Fact]
    public void An_unknown_dashboard_is_a_usage_error()
    {
        Assert.Equal(2, Executables.Run("qmaster", "dashboard", "cluster").ExitCode);
    }
}
