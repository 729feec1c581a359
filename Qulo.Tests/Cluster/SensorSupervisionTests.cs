using System.Collections.Concurrent;
using Akka.Actor;
using Qulo.Actors.Agent;
using Qulo.Actors.Metrics;
using Xunit;

namespace Qulo.Tests.Cluster;

public sealed class SensorSupervisionTests : Akka.TestKit.Xunit2.TestKit
{
    /// <summary>The test actor stands for the outbox; these tests look at the readings, not at when reads start and end.</summary>
    public SensorSupervisionTests() : base("akka.loglevel = INFO") => IgnoreMessages(OutboxBookkeeping.Is);

    private static readonly TimeSpan Fast = TimeSpan.FromMilliseconds(100);

    private IActorRef StartSupervisor(AgentCounters counters, Backoff backoff, params Qulo.Actors.Config.SensorSettings[] sensors) =>
        Sys.ActorOf(AgentSupervisor.Props(sensors, "node1", TestActor, counters, backoff), "sensors");

    private static bool IsFrom(MetricBatch batch, string sensor) => batch.Metrics[0].Path.StartsWith("node1." + sensor, StringComparison.Ordinal);

    /// <summary>Batches from the sensor with this name, skipping others.</summary>
    private MetricBatch ExpectBatchOf(string sensor) => FishForMessage<MetricBatch>(b => IsFrom(b, sensor));

    /// <summary>
    /// The counts the Counting sensor reported so far: 1, 2, 3 ... without a gap or a reset proves it
    /// was never restarted and never missed its turn.
    /// </summary>
    private void AssertCountingKeptItsRhythm(int atLeast)
    {
        var values = ReceiveWhile<MetricBatch>(TimeSpan.FromMilliseconds(300), o => (o as MetricBatch)!)
            .Where(b => IsFrom(b, "Counting")).Select(b => (int)b.Metrics[0].Value).ToArray();
        Assert.True(values.Length >= atLeast, $"only {values.Length} samples");
        Assert.Equal(Enumerable.Range(1, values.Length), values);
    }

    [Fact]
    public void Readings_become_full_paths_stamped_with_the_sampling_time_and_the_first_sample_comes_at_once()
    {
        var counters = new AgentCounters();
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        StartSupervisor(counters, Backoff.Default, TestSensorSettings.Of("Counting", TimeSpan.FromHours(1), () => new CountingSensor()));

        var batch = ExpectMsg<MetricBatch>();
        Assert.Equal(["node1.Counting", "node1.Counting.half"], batch.Metrics.Select(m => m.Path));
        Assert.Equal([1.0, 0.5], batch.Metrics.Select(m => m.Value));
        Assert.All(batch.Metrics, m => Assert.InRange(m.Timestamp, before, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0));
        Assert.Equal(2, counters.Sampled);
    }

    [Fact]
    public void A_sensor_that_always_throws_is_restarted_with_growing_delays_while_the_others_keep_reporting()
    {
        var counters = new AgentCounters();
        var created = new ConcurrentQueue<DateTime>();
        var backoff = new Backoff(TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(800), RandomFactor: 0);

        EventFilter.Error(contains: "Sensor Throwing failed (SensorException: " + ThrowingSensor.Message).Expect(4, TimeSpan.FromSeconds(15), () =>
        {
            StartSupervisor(counters, backoff,
                TestSensorSettings.Of("Throwing", Fast, () => new ThrowingSensor(created)),
                TestSensorSettings.Of("Counting", Fast, () => new CountingSensor()));
        });

        Assert.True(counters.SensorRestarts >= 4);
        var starts = created.ToArray();
        Assert.True(starts.Length >= 4, $"{starts.Length} starts");
        // Restart n comes no sooner than its backoff (200, 400, 800, then capped at 800 ms); the timer
        // wheel may fire up to one tick early.
        for (var n = 1; n < 4; n++)
            Assert.True(starts[n] - starts[n - 1] >= backoff.Delay(n, new Random()) - TimeSpan.FromMilliseconds(20),
                $"restart {n} after {(starts[n] - starts[n - 1]).TotalMilliseconds} ms");

        // Meanwhile (at least 1.4 s of backoff) the healthy sensor sampled every 100 ms.
        AssertCountingKeptItsRhythm(atLeast: 7);
    }

    [Fact]
    public void A_hanging_sensor_does_not_stall_the_others_and_is_counted_as_timed_out()
    {
        var counters = new AgentCounters();
        using var release = new ManualResetEventSlim();
        try
        {
            StartSupervisor(counters, Backoff.Default,
                TestSensorSettings.Of("Hanging", Fast, () => new HangingSensor(release)),
                TestSensorSettings.Of("Counting", Fast, () => new CountingSensor()));

            // The hang is noticed once the read has taken longer than the sample timeout (1 s at least).
            AwaitAssert(() => Assert.Equal(1, counters.SensorTimeouts), TimeSpan.FromSeconds(10));
            AssertCountingKeptItsRhythm(atLeast: 5);
        }
        finally
        {
            release.Set();
        }
        ExpectBatchOf("Hanging");
    }

    [Fact]
    public void A_sensor_with_nothing_to_report_says_so_once()
    {
        EventFilter.Info(contains: "Sensor Empty has nothing to report on this node").ExpectOne(() =>
            StartSupervisor(new AgentCounters(), Backoff.Default, TestSensorSettings.Of("Empty", Fast, () => new EmptySensor())));
        EventFilter.Info(contains: "nothing to report").Expect(0, TimeSpan.FromMilliseconds(500), () => { });
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Backoff_doubles_from_min_caps_at_max_and_jitter_only_shortens()
    {
        var backoff = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), RandomFactor: 0.2);
        var random = new Random(42);
        double[] expected = [1, 2, 4, 8, 10, 10, 10];
        for (var attempt = 1; attempt <= expected.Length; attempt++)
            for (var i = 0; i < 50; i++)
                Assert.InRange(backoff.Delay(attempt, random).TotalSeconds, expected[attempt - 1] * 0.8, expected[attempt - 1]);
        Assert.Equal(TimeSpan.FromSeconds(10), new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), 0).Delay(1000, random));
        var spread = Enumerable.Range(0, 50).Select(_ => backoff.Delay(3, random)).Distinct().Count();
        Assert.True(spread > 10, $"only {spread} distinct delays: no jitter");
    }

    [Fact]
    public void Reconfigure_keeps_unchanged_sensors_running_and_adds_removes_and_retimes_the_others()
    {
        var counters = new AgentCounters();
        var countingCreated = 0;
        var counting = TestSensorSettings.Of("Counting", Fast, () =>
        {
            Interlocked.Increment(ref countingCreated);
            return new CountingSensor();
        });
        var supervisor = StartSupervisor(counters, Backoff.Default, counting, TestSensorSettings.Of("Removed", Fast, () => new CountingSensor()));
        ExpectBatchOf("Removed");

        supervisor.Tell(new Reconfigure([counting, TestSensorSettings.Of("Added", Fast, () => new CountingSensor())]));
        ExpectBatchOf("Added");
        ReceiveWhile<object>(TimeSpan.FromMilliseconds(300), o => o);

        var values = ReceiveWhile<MetricBatch>(TimeSpan.FromMilliseconds(500), o => (o as MetricBatch)!).ToList();
        Assert.DoesNotContain(values, b => IsFrom(b, "Removed"));
        Assert.Contains(values, b => IsFrom(b, "Added"));
        Assert.Contains(values, b => IsFrom(b, "Counting"));
        Assert.Equal(1, countingCreated); // left alone: never stopped and created again
        Assert.Equal(0L, counters.SensorRestarts);
    }
}
