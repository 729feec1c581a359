using Akka.Actor;
using Qulo.Actors.Carbon;
using Qulo.Actors.Metrics;
using Qulo.Tests.Support;
using Qulo.Tests.Support.Graphite;
using Xunit;
using static Qulo.Tests.Carbon.SinkTestKit;

namespace Qulo.Tests.Carbon;

/// <summary>The CarbonSink writing to a real carbon-cache; the proof is read back from whisper files.</summary>
[Trait(Category.Name, Category.EndToEnd)]
public class CarbonSinkRealCarbonTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private static readonly string[] Series = ["node1.CPUPercent.0", "node1.VirtualMemory.percent", "node2.NetIOCounters.eth0.bytes_sent"];

    [Fact]
    public async Task DatapointsLandInWhisperWithTheirValues()
    {
        await using var carbon = await CarbonCache.StartAsync();
        var sink = StartSink(Sys, Settings([carbon.Destination]));
        var start = UnixSecondsNow() - 60;
        var points = Enumerable.Range(0, 60).SelectMany(s => Series.Select((path, i) => new Metric(path, start + s, ValueOf(i, s)))).ToArray();

        SendInBatches(sink, points, batchSize: 37);

        await WaitUntil(() => (Series.All(path => carbon.Fetch(path, start, start + 60).Count == 60)), Patience);
        AssertWhisperHolds(carbon, points, start, start + 60);
    }

    [Fact]
    public async Task NoDatapointOfACarbonOutageIsMissing()
    {
        await using var carbon = await CarbonCache.StartAsync();
        var sink = StartSink(Sys, Settings([carbon.Destination]));
        var first = UnixSecondsNow();
        var sent = new List<Metric>();

        await SendEverySecond(sink, seconds: 10, sent);
        await carbon.StopProcessAsync();
        await SendEverySecond(sink, seconds: 30, sent);
        var away = await Stats(sink);
        await carbon.StartProcessAsync();
        await SendEverySecond(sink, seconds: 10, sent);
        var last = (long)sent[^1].Timestamp;

        await WaitUntil(() => (Series.All(path => carbon.Fetch(path, first, last + 1).Count == sent.Count / Series.Length)), Patience);
        AssertWhisperHolds(carbon, sent, first, last + 1);
        var stats = await Stats(sink);
        Assert.True(away.Buffered > 0, "points should have waited while carbon was stopped");
        Assert.True(stats.Reconnects > 0, "the sink should have reconnected");
        Assert.Equal(0, stats.Dropped);
    }

    /// <summary>One point per series per second, stamped with that second, as agents send them; goes on after the last second sent.</summary>
    private static async Task SendEverySecond(IActorRef sink, int seconds, List<Metric> sent)
    {
        var from = Math.Max(UnixSecondsNow(), sent.Count == 0 ? 0 : (long)sent[^1].Timestamp + 1);
        for (var second = from; second < from + seconds; second++)
        {
            var delay = TimeSpan.FromSeconds(second) - TimeSpan.FromMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            if (delay > TimeSpan.Zero) await Task.Delay(delay);
            var batch = Series.Select((path, i) => new Metric(path, second, ValueOf(i, second))).ToArray();
            sink.Tell(new MetricBatch(batch));
            sent.AddRange(batch);
        }
    }

    private static void AssertWhisperHolds(CarbonCache carbon, IReadOnlyList<Metric> points, long from, long until)
    {
        foreach (var path in Series)
        {
            var expected = points.Where(p => p.Path == path).ToDictionary(p => (long)p.Timestamp, p => p.Value);
            Assert.Equal(expected, carbon.Fetch(path, from, until));
        }
    }

    private static double ValueOf(int series, long second) => series * 1000 + second % 1000 + 0.5;

    private static long UnixSecondsNow() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();
}
