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
public sealed class SensorTimerTests() : Akka.TestKit.Xunit2.TestKit(ClusterTuning.For([ClusterRoles.Agent]))
{
    [Fact]
    public void A_sensor_faster_than_the_scheduler_tick_samples_at_its_own_interval()
    {
        var interval = TimeSpan.FromMilliseconds(150);
        Sys.ActorOf(SensorActor.Props(TestSensorSettings.Of("Counting", interval, () => new CountingSensor()), "node1", TestActor, new AgentCounters()));

        // Rounded to the 1 s tick it would sample about 4 times in these 3 s (the first sample comes at once);
        // at its own 150 ms it samples about 20 times.
        var counts = ReceiveN(10, TimeSpan.FromSeconds(3)).Cast<MetricBatch>().Select(b => (int)b.Metrics[0].Value);
        Assert.Equal(Enumerable.Range(1, 10), counts);
    }
}
