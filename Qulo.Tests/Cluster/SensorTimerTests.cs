using Akka.Actor;
using Qulo.Actors.Agent;
using Qulo.Actors.Hosting;
using Qulo.Actors.Metrics;
using Xunit;

namespace Qulo.Tests.Cluster;

/// <summary>
/// An agent's timers fire on whole seconds (ClusterTuning.AgentHocon, AgentLoop); sensor intervals that are not
/// whole seconds keep their own rhythm. Runs on the agent's own scheduler and dispatchers.
/// </summary>
public sealed class SensorTimerTests : Akka.TestKit.Xunit2.TestKit
{
    public SensorTimerTests() : base(ClusterTuning.For([ClusterRoles.Agent])) => IgnoreMessages(OutboxBookkeeping.Is);

    [Fact]
    public void A_sensor_faster_than_the_scheduler_tick_samples_at_its_own_interval()
    {
        var interval = TimeSpan.FromMilliseconds(150);
        Sys.ActorOf(SensorActor.Props(TestSensorSettings.Of("Counting", interval, () => new CountingSensor()), "node1", TestActor, new AgentCounters()));

        // Rounded to the 1 s tick it would sample about 6 times in these 5 s (the first sample comes at once);
        // at its own 150 ms about 33 times. (3 s was too short once, with the whole suite running beside it.)
        var counts = ReceiveN(10, TimeSpan.FromSeconds(5)).Cast<MetricBatch>().Select(b => (int)b.Metrics[0].Value);
        Assert.Equal(Enumerable.Range(1, 10), counts);
    }

    [Fact]
    public void A_sensor_slow_to_start_does_not_hold_up_the_agent_thread()
    {
        // nvmlInit on a GPU node without persistence mode takes seconds; the agent's actors share one thread.
        using var release = new ManualResetEventSlim();
        var slow = TestSensorSettings.Of("SlowStart", TimeSpan.FromSeconds(10), () =>
        {
            release.Wait(TimeSpan.FromSeconds(30));
            return new CountingSensor();
        });
        Sys.ActorOf(SensorActor.Props(slow, "node1", TestActor, new AgentCounters()));
        Sys.ActorOf(SensorActor.Props(TestSensorSettings.Of("Counting", TimeSpan.FromMilliseconds(150), () => new CountingSensor()),
            "node1", TestActor, new AgentCounters()));

        // The fast sensor's batches keep coming while the slow one is still being created.
        var batches = ReceiveN(5, TimeSpan.FromSeconds(3)).Cast<MetricBatch>();
        Assert.All(batches, b => Assert.StartsWith("node1.Counting", b.Metrics[0].Path, StringComparison.Ordinal));
        release.Set();
        FishForMessage<MetricBatch>(b => b.Metrics[0].Path.StartsWith("node1.SlowStart", StringComparison.Ordinal), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void A_sensor_tells_the_outbox_when_a_read_starts_and_when_it_ends_even_with_nothing_to_deliver()
    {
        var counting = CreateTestProbe();
        Sys.ActorOf(SensorActor.Props(TestSensorSettings.Of("Counting", TimeSpan.FromHours(1), () => new CountingSensor()), "node1", counting.Ref, new AgentCounters()));
        counting.ExpectMsg<ReadStarted>();
        Assert.Equal(2, counting.ExpectMsg<MetricBatch>().Metrics.Count);

        var empty = CreateTestProbe();
        Sys.ActorOf(SensorActor.Props(TestSensorSettings.Of("Empty", TimeSpan.FromHours(1), () => new EmptySensor()), "node1", empty.Ref, new AgentCounters()));
        empty.ExpectMsg<ReadStarted>();
        Assert.Empty(empty.ExpectMsg<MetricBatch>().Metrics);

        var failing = CreateTestProbe();
        Sys.ActorOf(SensorActor.Props(TestSensorSettings.Of("Throwing", TimeSpan.FromHours(1), () => new ThrowingSensor(new())), "node1", failing.Ref, new AgentCounters()));
        failing.ExpectMsg<ReadStarted>();
        Assert.Empty(failing.ExpectMsg<MetricBatch>().Metrics);
    }
}
