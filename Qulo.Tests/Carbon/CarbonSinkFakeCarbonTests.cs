using Qulo.Tests.Support;
using Qulo.Actors.Agent;
using Akka.Actor;
using Qulo.Actors.Carbon;
using Qulo.Actors.Config;
using Qulo.Actors.Metrics;
using Qulo.Tests.Support.Graphite;
using Xunit;
using static Qulo.Tests.Carbon.SinkTestKit;

namespace Qulo.Tests.Carbon;

/// <summary>The CarbonSink against fake carbons that decode and count every datapoint.</summary>
public class CarbonSinkFakeCarbonTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(FakeCarbonBehaviour.Healthy)]
    [InlineData(FakeCarbonBehaviour.ResetsConnections)]
    [InlineData(FakeCarbonBehaviour.HalfCloses)]
    [InlineData(FakeCarbonBehaviour.ReadsSlowly)]
    public async Task EveryDatapointReachesCarbon(FakeCarbonBehaviour behaviour)
    {
        await using var carbon = new FakeCarbon(behaviour);
        var sink = StartSink(Sys, Settings([carbon.Destination]));
        var points = Points(30_000);

        // Sent in waves, so that connections break while points are in flight.
        for (var wave = 0; wave < 10; wave++)
        {
            SendInBatches(sink, points[(wave * 3000)..((wave + 1) * 3000)], batchSize: 100);
            await Task.Delay(FakeCarbon.ConnectionLifetime / 2);
        }
        await AwaitConditionAsync(() => Task.FromResult(AllArrived(points, carbon.Received)), Patience);

        var stats = await Stats(sink);
        Assert.Empty(carbon.Errors);
        Assert.Equal(points.Length, stats.Received);
        Assert.Equal(0, stats.Dropped);
        Assert.True(stats.Sent >= points.Length, $"{stats.Sent} datapoints sent");
        if (behaviour is FakeCarbonBehaviour.ResetsConnections or FakeCarbonBehaviour.HalfCloses)
        {
            Assert.True(stats.Reconnects > 0, "the sink should have reconnected");
            Assert.True(carbon.Connections > 1, "carbon should have seen several connections");
        }
    }

    [Fact]
    public async Task PathsAreSpreadOverDestinationsAsByCarbonRelay()
    {
        await using var a = new FakeCarbon(FakeCarbonBehaviour.Healthy);
        await using var b = new FakeCarbon(FakeCarbonBehaviour.Healthy);
        await using var c = new FakeCarbon(FakeCarbonBehaviour.Healthy);
        CarbonDestination[] destinations = [a.Destination with { Instance = "a" }, b.Destination with { Instance = "b" }, c.Destination with { Instance = "c" }];
        var carbons = new[] { a, b, c };
        var sink = StartSink(Sys, Settings(destinations));
        var points = Points(3000);

        SendInBatches(sink, points, batchSize: 500);

        var ring = new ConsistentHashRing(destinations);
        var expected = carbons.Select((_, i) => points.Where(p => ring.NodeFor(p.Path) == i).ToArray()).ToArray();
        await AwaitConditionAsync(() => Task.FromResult(carbons.Select((carbon, i) => AllArrived(expected[i], carbon.Received)).All(x => x)), Patience);
        for (var i = 0; i < carbons.Length; i++)
        {
            Assert.NotEmpty(expected[i]);
            Assert.Equal(expected[i].ToHashSet(), carbons[i].Received.ToHashSet());
        }
    }

    [Fact]
    public async Task WhileCarbonIsAwayTheNewestPointsWaitAndTheOldestAreDroppedAndCounted()
    {
        var port = FreePort.Next();
        var sink = StartSink(Sys, Settings([new CarbonDestination("127.0.0.1", port)], bufferSize: 1000));
        var points = Points(1500);
        SendInBatches(sink, points, batchSize: 100);

        var whileAway = await Stats(sink);
        await using var carbon = new FakeCarbon(FakeCarbonBehaviour.Healthy, port);
        await AwaitConditionAsync(() => Task.FromResult(AllArrived(points[500..], carbon.Received)), Patience);

        Assert.Equal(500, whileAway.Dropped);
        Assert.Equal(1000, whileAway.Buffered);
        Assert.Equal(0, whileAway.Sent);
        Assert.DoesNotContain(carbon.Received, p => points[..500].Contains(p));
    }

    [Fact]
    public async Task PastHalfItsBufferTheSinkAsksForBackpressureAndLiftsItOnceCarbonCaughtUp()
    {
        var port = FreePort.Next();
        var sink = StartSink(Sys, Settings([new CarbonDestination("127.0.0.1", port)], bufferSize: 1000));
        var watcher = CreateTestProbe();
        sink.Tell(new CarbonSink.WatchPressure(watcher.Ref));
        Assert.False(watcher.ExpectMsg<CarbonSink.PressureChanged>().High);

        var points = Points(600);
        SendInBatches(sink, points[..400], batchSize: 100);
        watcher.ExpectNoMsg(TimeSpan.FromMilliseconds(300)); // 400 of 1000: under the high-water mark
        SendInBatches(sink, points[400..], batchSize: 100);
        Assert.True(watcher.ExpectMsg<CarbonSink.PressureChanged>().High);

        sink.Tell(CarbonSink.AskRoom.Instance, watcher.Ref);
        Assert.Equal(new CarbonSink.PressureChanged(true, 0), watcher.ExpectMsg<CarbonSink.PressureChanged>());

        await using var carbon = new FakeCarbon(FakeCarbonBehaviour.Healthy, port);
        Assert.Equal(new CarbonSink.PressureChanged(false, 250), watcher.ExpectMsg<CarbonSink.PressureChanged>(Patience)); // a quarter fits under the half
        await AwaitConditionAsync(() => Task.FromResult(AllArrived(points, carbon.Received)), Patience);
        Assert.Equal(0, (await Stats(sink)).Dropped);
        sink.Tell(CarbonSink.AskRoom.Instance, watcher.Ref);
        Assert.Equal(new CarbonSink.PressureChanged(false, 500), watcher.ExpectMsg<CarbonSink.PressureChanged>()); // all written: room up to the half
    }

    [Fact]
    public async Task DrainWritesWhatIsBufferedAtOnce()
    {
        await using var carbon = new FakeCarbon(FakeCarbonBehaviour.Healthy);
        // Neither a full batch nor a flush tick would write these points.
        var sink = StartSink(Sys, Settings([carbon.Destination], batchSize: 1000, flushInterval: TimeSpan.FromHours(1)));
        var points = Points(10);
        SendInBatches(sink, points, batchSize: 10);

        var stats = await sink.Ask<CarbonStats>(CarbonSink.Drain.Instance, AskTimeout);

        Assert.Equal(0, stats.Buffered);
        Assert.Equal(10, stats.Sent);
        Assert.Equal(1, stats.Frames);
        await AwaitConditionAsync(() => Task.FromResult(AllArrived(points, carbon.Received)), Patience);
    }

    [Fact]
    public async Task CoordinatedShutdownFlushesTheBuffer()
    {
        await using var carbon = new FakeCarbon(FakeCarbonBehaviour.Healthy);
        var system = ActorSystem.Create("shutdown-test");
        var sink = StartSink(system, Settings([carbon.Destination], batchSize: 1000, flushInterval: TimeSpan.FromHours(1)));
        var points = Points(25);
        SendInBatches(sink, points, batchSize: 5);
        await Stats(sink); // the batches are in the sink's buffers

        await CoordinatedShutdown.Get(system).Run(CoordinatedShutdown.ClrExitReason.Instance);

        await AwaitConditionAsync(() => Task.FromResult(AllArrived(points, carbon.Received)), Patience);
        Assert.Equal(points.ToHashSet(), carbon.Received.ToHashSet());
    }

    [Fact]
    public async Task SelfMetricsGoToCarbonUnderTheMasterHost()
    {
        await using var carbon = new FakeCarbon(FakeCarbonBehaviour.Healthy);
        var sink = StartSink(Sys, Settings([carbon.Destination]), selfMetricsInterval: TimeSpan.FromMilliseconds(200));
        var agentsUp = new Metric($"{MasterHost}.{SelfMetricNames.Master}.agents_up", 1_764_000_000, 3);
        SendInBatches(sink, Points(120), batchSize: 60);
        sink.Tell(new MetricBatch([agentsUp]));

        Metric? Latest(string name) => carbon.Received.LastOrDefault(m => m.Path == $"{MasterHost}.QuloMaster.{name}");
        await AwaitConditionAsync(() => Task.FromResult(CarbonSink.StatNames.All(n => Latest(n) is not null) && Latest("datapoints_sent")!.Value.Value >= 121), Patience);

        Assert.Contains(agentsUp, carbon.Received);
        Assert.Equal(121, Latest("datapoints_received")!.Value.Value);
        Assert.Equal(0, Latest("datapoints_dropped")!.Value.Value);
        Assert.Equal(0, Latest("reconnects")!.Value.Value);
    }
}
