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

    /// <summary>The sink's side: takes the next batch and says it is handled. Returns its first value.</summary>
    private double SinkHandlesNext()
    {
        var deliver = _sink.ExpectMsg<CarbonSink.Deliver>();
        _sink.Reply(deliver.Receipt);
        return deliver.Metrics[0].Value;
    }

    [Fact]
    public void Acknowledges_each_batch_once_the_sink_has_handled_it_and_a_resend_again_without_forwarding_it()
    {
        Send(1);
        var deliver = _sink.ExpectMsg<CarbonSink.Deliver>();
        _agent.ExpectNoMsg(Quiet); // not before the sink has it
        _ingest.Tell(Batch(1), _agent.Ref); // a resend meanwhile waits with it
        _sink.ExpectNoMsg(Quiet);
        _ingest.Tell(deliver.Receipt, _sink.Ref);
        Assert.Equal(1, _agent.ExpectMsg<DeliveryAck>().Seq);
        _agent.ExpectNoMsg(Quiet);

        Send(1); // the ack was lost: acknowledged again, not forwarded twice
        Assert.Equal(1, _agent.ExpectMsg<DeliveryAck>().Seq);
        _sink.ExpectNoMsg(Quiet);
    }

    [Fact]
    public void While_carbon_is_behind_batches_wait_unacknowledged_and_go_on_once_the_sink_has_room()
    {
        _ingest.Tell(new CarbonSink.PressureChanged(true, 0));
        Send(1);
        _agent.ExpectNoMsg(Quiet);
        _sink.ExpectNoMsg(TimeSpan.Zero);

        var resender = CreateTestProbe("agent-resending");
        _ingest.Tell(Batch(1), resender.Ref); // the agent's ack timeout resends it: it waits too
        resender.ExpectNoMsg(Quiet);
        _sink.ExpectNoMsg(TimeSpan.Zero);

        _ingest.Tell(new CarbonSink.PressureChanged(false, 1000));
        Assert.Equal(1, SinkHandlesNext());                     // forwarded once
        Assert.Equal(1, resender.ExpectMsg<DeliveryAck>().Seq); // to where the latest copy came from
        _agent.ExpectNoMsg(Quiet);

        Send(2);
        Assert.Equal(2, SinkHandlesNext());
        Assert.Equal(2, _agent.ExpectMsg<DeliveryAck>().Seq);
    }

    [Fact]
    public void Held_batches_go_on_in_arrival_order_as_far_as_the_room_goes_and_the_sink_is_asked_for_more()
    {
        _ingest.Tell(new CarbonSink.PressureChanged(true, 0));
        var agents = Enumerable.Range(1, 3).Select(i => CreateTestProbe($"agent-{i}")).ToArray();
        for (var i = 0; i < agents.Length; i++) _ingest.Tell(new DeliveryBatch($"producer-{i}", 1, [new Metric($"node{i}.Test.x", 1000, i)]), agents[i].Ref);

        _ingest.Tell(new CarbonSink.PressureChanged(false, 2));
        Assert.Equal([0.0, 1.0], [SinkHandlesNext(), SinkHandlesNext()]);
        agents[0].ExpectMsg<DeliveryAck>();
        agents[1].ExpectMsg<DeliveryAck>();
        agents[2].ExpectNoMsg(Quiet);

        _sink.ExpectMsg<CarbonSink.AskRoom>(); // carbon may drain quietly: the ingest asks
        _sink.Reply(new CarbonSink.PressureChanged(false, 500));
        Assert.Equal(2, SinkHandlesNext());
        agents[2].ExpectMsg<DeliveryAck>();
        _sink.ExpectNoMsg(Quiet); // nothing held: no more asking
    }
}
