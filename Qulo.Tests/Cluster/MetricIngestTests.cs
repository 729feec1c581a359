using Akka.Actor;
using Akka.TestKit;
using Qulo.Actors.Carbon;
using Qulo.Actors.Master;
using Qulo.Actors.Metrics;
using Qulo.Actors.Serialization;
using Xunit;

namespace Qulo.Tests.Cluster;

/// <summary>The master's ingest between an agent and the sink, each played by a probe.</summary>
public sealed class MetricIngestTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);

    private readonly TestProbe _sink;
    private readonly TestProbe _agent;
    private readonly IActorRef _ingest;

    public MetricIngestTests()
    {
        _sink = CreateTestProbe("sink");
        _agent = CreateTestProbe("agent");
        _ingest = Sys.ActorOf(MetricIngest.Props("head", _sink.Ref, CreateTestProbe("watcher").Ref, TimeSpan.FromHours(1)));
        Assert.Equal(_ingest, _sink.ExpectMsg<CarbonSink.WatchPressure>().Watcher);
    }

    private static DeliveryBatch Batch(long seq) => new("producer-1", seq, [new Metric("node1.Test.x", 1000 + seq, seq)]);

    private void Send(long seq) => _ingest.Tell(Batch(seq), _agent.Ref);

    [Fact]
    public void Acknowledges_each_batch_once_handed_to_the_sink_and_a_resend_again_without_forwarding_it()
    {
        Send(1);
        Assert.Equal(1, _sink.ExpectMsg<MetricBatch>().Metrics[0].Value);
        Assert.Equal(1, _agent.ExpectMsg<DeliveryAck>().Seq);

        Send(1); // the ack was lost: acknowledged again, not forwarded twice
        Assert.Equal(1, _agent.ExpectMsg<DeliveryAck>().Seq);
        _sink.ExpectNoMsg(Quiet);
    }

    [Fact]
    public void While_carbon_is_behind_batches_are_forwarded_but_acknowledged_only_once_it_caught_up()
    {
        _ingest.Tell(new CarbonSink.PressureChanged(true));
        Send(1);
        Assert.Equal(1, _sink.ExpectMsg<MetricBatch>().Metrics[0].Value); // what arrived is kept, never dropped
        _agent.ExpectNoMsg(Quiet);

        var resender = CreateTestProbe("agent-resending");
        _ingest.Tell(Batch(1), resender.Ref); // the agent's ack timeout resends it: it waits too
        resender.ExpectNoMsg(Quiet);
        _sink.ExpectNoMsg(TimeSpan.Zero);

        _ingest.Tell(new CarbonSink.PressureChanged(false));
        Assert.Equal(1, resender.ExpectMsg<DeliveryAck>().Seq); // to where the latest copy came from
        _agent.ExpectNoMsg(Quiet);

        Send(2);
        _sink.ExpectMsg<MetricBatch>();
        Assert.Equal(2, _agent.ExpectMsg<DeliveryAck>().Seq);
    }
}
