using Qulo.Actors.Agent;
using Qulo.Actors.Carbon;
using Qulo.Actors.Dashboards;
using Qulo.Actors.Sensors;
using Xunit;

namespace Qulo.Tests.Carbon;

public class DashboardTests
{
    private const string Host = "node1";

    /// <summary>
    /// Paths no sensor emits: the master's own metrics and the agents' liveness
    /// (HOST.QuloAgent.up, written by the master's cluster watcher).
    /// </summary>
    public static string[] NonSensorPaths(string host) =>
        [$"{host}.QuloAgent.up", $"{host}.{SelfMetricNames.Master}.agents_up", .. CarbonSink.StatNames.Select(n => $"{host}.{SelfMetricNames.Master}.{n}")];

    [Theory]
    [InlineData("overview")]
    [InlineData("node")]
    public void EveryTargetPathIsOneQuloEmits(string kind)
    {
        var targets = GraphiteTargetPaths.Targets(GrafanaDashboards.Generate(kind));
        var emitted = EmittedPatterns();

        Assert.NotEmpty(targets);
        foreach (var target in targets)
        {
            var paths = GraphiteTargetPaths.Paths(target, Host);
            Assert.NotEmpty(paths);
            foreach (var path in paths)
                Assert.True(emitted.Any(e => Compatible(path, e)) || NonSensorPaths(Host).Any(p => GraphiteTargetPaths.Matches(path, p)),
                    $"{kind} dashboard: {path} (from {target}) is no path QULo writes");
        }
    }

    [Fact]
    public void TheNodeDashboardOffersEveryHostAndTheOverviewNeedsNone()
    {
        Assert.Contains("\"name\": \"host\"", GrafanaDashboards.Generate("node"));
        Assert.DoesNotContain("$host", GrafanaDashboards.Generate("overview"));
        Assert.All(GraphiteTargetPaths.Targets(GrafanaDashboards.Generate("node")), t => Assert.StartsWith("$host.", GraphiteTargetPaths.Paths(t, "$host")[0]));
    }

    [Fact]
    public void AnUnknownKindNamesTheKnownOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => GrafanaDashboards.Generate("nodes"));
        Assert.Contains("overview, node", error.Message);
    }

    /// <summary>Every sensor's documented paths under HOST: "CPUPercent.{cpu}" -> node1.CPUPercent.{cpu}.</summary>
    private static IReadOnlyList<string> EmittedPatterns() =>
        SensorRegistry.All.SelectMany(info => info.Emits.Select(emit =>
        {
            var pattern = emit.Split(" (")[0];
            return $"{Host}.{(pattern.StartsWith(info.Name, StringComparison.Ordinal) ? pattern : $"{info.Name}.{pattern}")}";
        })).ToList();

    /// <summary>Whether a glob and a documented pattern can name the same path: component by component, a * or a {placeholder} fits anything.</summary>
    private static bool Compatible(string glob, string pattern)
    {
        var globParts = glob.Split('.');
        var patternParts = pattern.Split('.');
        return globParts.Length == patternParts.Length && globParts.Zip(patternParts).All(pair =>
            pair.First.Contains('*') || pair.Second.StartsWith('{') || pair.Second.StartsWith('<') || pair.First == pair.Second);
    }
}
