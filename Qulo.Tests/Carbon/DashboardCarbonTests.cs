using Akka.Actor;
using Qulo.Actors.Dashboards;
using Qulo.Actors.Metrics;
using Qulo.Actors.Sensors;
using Qulo.Tests.Support;
using Qulo.Tests.Support.Graphite;
using Xunit;
using Xunit.Abstractions;
using static Qulo.Tests.Carbon.SinkTestKit;

namespace Qulo.Tests.Carbon;

/// <summary>The dashboards' targets against the series a real carbon-cache holds after this machine's sensors were sent to it.</summary>
[Trait(Category.Name, Category.EndToEnd)]
public class DashboardCarbonTests(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit
{
    [Fact]
    public async Task EveryTargetFindsSeriesInCarbonUnlessThisMachineLacksTheSensor()
    {
        await using var carbon = await CarbonCache.StartAsync();
        var sink = StartSink(Sys, Settings([carbon.Destination]), selfMetricsInterval: TimeSpan.FromMilliseconds(500));
        var (points, silentSensors) = await SampleEverySensor(MasterHost);
        sink.Tell(new MetricBatch(points));

        var expected = points.Select(p => p.Path).Distinct().ToList();
        // Not a count: the sink's self-metrics (every 500 ms) are series too, and may come first.
        await WaitUntil(() => carbon.Series().ToHashSet().IsSupersetOf(expected), TimeSpan.FromSeconds(60));
        var series = carbon.Series();
        Assert.Superset(expected.ToHashSet(), series.ToHashSet());

        var unmatched = new List<string>();
        foreach (var kind in GrafanaDashboards.Kinds)
        foreach (var target in GraphiteTargetPaths.Targets(GrafanaDashboards.Generate(kind)))
        foreach (var glob in GraphiteTargetPaths.Paths(target, MasterHost))
        {
            if (series.Any(s => GraphiteTargetPaths.Matches(glob, s))) continue;
            var sensor = glob.Split('.')[1];
            if (silentSensors.Contains(sensor) || DashboardTests.NonSensorPaths(MasterHost).Any(p => GraphiteTargetPaths.Matches(glob, p)))
                output.WriteLine($"{kind}: {glob} has no series here ({sensor} wrote nothing on this machine or is written by the cluster watcher)");
            else unmatched.Add($"{kind}: {glob} (from {target})");
        }
        Assert.Empty(unmatched);
    }

    /// <summary>Every registered sensor read on this machine (twice where a rate needs two samples), as HOST.Sensor.reading datapoints.</summary>
    private async Task<(Metric[] Points, HashSet<string> Silent)> SampleEverySensor(string host)
    {
        var sensors = SensorRegistry.All.Select(info => (info, sensor: info.Create(new SensorContext(FileSystemRoots.Live, SensorOptions.Defaults(info))))).ToList();
        foreach (var (_, sensor) in sensors.Where(s => s.sensor.NeedsTwoSamples)) sensor.Read();
        await Task.Delay(TimeSpan.FromSeconds(1));
        double now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var points = new List<Metric>();
        var silent = new HashSet<string>();
        foreach (var (info, sensor) in sensors)
        {
            IReadOnlyList<Reading> readings;
            try { readings = sensor.Read(); }
            catch (SensorException e)
            {
                output.WriteLine($"{info.Name}: {e.Message}");
                readings = [];
            }
            if (readings.Count == 0) silent.Add(info.Name);
            points.AddRange(readings.Select(r => new Metric(MetricPath.Join(host, info.Name, r.Name), now, r.Value)));
        }
        return ([.. points], silent);
    }
}
