using Akka.Event;
using Qulo.Actors.Hosting;
using Xunit;

namespace Qulo.Tests.Cluster;

/// <summary>The cluster's failure detector at QULo's tuning (4 s heartbeats, 2 s acceptable pause): warnings only for late heartbeats.</summary>
public sealed class HeartbeatFailureDetectorTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly Akka.Configuration.Config Section =
        ClusterTuning.Config.WithFallback(Akka.Configuration.ConfigurationFactory.FromResource<Akka.Cluster.Cluster>("Akka.Cluster.Configuration.Cluster.conf")).GetConfig("akka.cluster.failure-detector");

    private long _now = 1_000_000;

    private HeartbeatFailureDetector Detector()
    {
        Sys.EventStream.Subscribe(TestActor, typeof(Warning));
        return new HeartbeatFailureDetector(Section, Sys.EventStream, () => _now) { Address = "akka.tcp://qulo@node7:4054" };
    }

    [Fact]
    public void The_cluster_uses_it()
    {
        Assert.Equal(typeof(HeartbeatFailureDetector).FullName + ", Qulo.Actors", Section.GetString("implementation-class"));
    }

    [Fact]
    public void Heartbeats_at_their_interval_warn_nobody()
    {
        var detector = Detector();
        // Akka's own detector warns at 2/3 of the 2 s pause: on every one of these.
        foreach (var gap in new[] { 0, 4000, 3990, 4010, 4600, 4000 })
        {
            _now += gap;
            detector.HeartBeat();
        }
        ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        Assert.True(detector.IsAvailable);
    }

    [Fact]
    public void A_heartbeat_later_than_its_interval_plus_two_thirds_of_the_pause_is_a_warning_naming_the_peer()
    {
        var detector = Detector();
        foreach (var gap in new[] { 0, 4000, 4000, 4000, 5400 })
        {
            _now += gap;
            detector.HeartBeat();
        }
        var warning = ExpectMsg<Warning>();
        Assert.Equal("heartbeat from akka.tcp://qulo@node7:4054 came 5400 ms after the one before; heartbeats are 4000 ms apart", warning.Message);
        ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void A_peer_silent_for_four_intervals_becomes_unavailable()
    {
        var detector = Detector();
        foreach (var gap in new[] { 0, 4000, 4000, 4000 })
        {
            _now += gap;
            detector.HeartBeat();
        }
        _now += 16_000;
        Assert.False(detector.IsAvailable);
    }
}
