using Akka.Actor;
using Akka.TestKit;
using Qulo.Actors.Agent;
using Qulo.Actors.Metrics;
using Qulo.Actors.Serialization;
using Xunit;

namespace Qulo.Tests.Cluster;

public sealed class OutboxTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly OutboxSettings Fast = new(BatchSize: 4, MaxBatchBytes: 64_000,
        AckTimeout: TimeSpan.FromSeconds(3), HelloInterval: TimeSpan.FromSeconds(10), SelfMetricsInterval: TimeSpan.FromHours(1));

    private readonly TestProbe _master;

    public OutboxTests() => _master = CreateTestProbe("ingest");

    private IActorRef StartOutbox(DeliveryBuffer buffer, OutboxSettings? settings = null) =>
        Sys.ActorOf(Props.Create(() => new Outbox("node1", new[] { "agent" }, new[] { "CPUPercent" }, buffer, settings ?? Fast)));

    private static MetricBatch Points(int from, int count) =>
        new([.. Enumerable.Range(from, count).Select(i => new Metric($"node1.Test.{i}", 1000 + i, i))]);

    /// <summary>Tells the outbox where the master is and completes the hello handshake.</summary>
    private void Connect(IActorRef outbox)
    {
        outbox.Tell(new MasterAvailable(_master.Ref.Path));
        var hello = _master.ExpectMsg<AgentHello>();
        Assert.Equal("node1", hello.Host);
        _master.Reply(new Welcome("head"));
    }

    private DeliveryBatch ExpectBatch() => _master.ExpectMsg<DeliveryBatch>();

    private void Ack(IActorRef outbox, DeliveryBatch batch) => outbox.Tell(new DeliveryAck(batch.ProducerId, batch.Seq), _master.Ref);

    private static double[] Values(DeliveryBatch batch) => [.. batch.Metrics.Select(m => m.Value)];

    [Fact]
    public void Readings_of_sensors_read_together_leave_in_one_batch_once_the_last_read_ends()
    {
        var outbox = StartOutbox(new DeliveryBuffer(100, new AgentCounters()), Fast with { BatchSize = 100, Linger = TimeSpan.FromSeconds(10) });
        Connect(outbox);
        var (cpu, disk, fans) = (CreateTestProbe(), CreateTestProbe(), CreateTestProbe());
        foreach (var sensor in new[] { cpu, disk, fans }) outbox.Tell(ReadStarted.Instance, sensor.Ref);

        outbox.Tell(Points(0, 2), cpu.Ref);
        outbox.Tell(new MetricBatch([]), fans.Ref); // a read that gave nothing
        _master.ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        outbox.Tell(Points(2, 3), disk.Ref);
        var batch = ExpectBatch();
        Assert.Equal([0, 1, 2, 3, 4], Values(batch));
    }

    [Fact]
    public void A_read_that_does_not_end_holds_the_others_back_only_for_the_linger()
    {
        var outbox = StartOutbox(new DeliveryBuffer(100, new AgentCounters()), Fast with { BatchSize = 100, Linger = TimeSpan.FromMilliseconds(500) });
        Connect(outbox);
        var (cpu, stuck) = (CreateTestProbe(), CreateTestProbe());
        outbox.Tell(ReadStarted.Instance, cpu.Ref);
        outbox.Tell(ReadStarted.Instance, stuck.Ref);
        outbox.Tell(Points(0, 2), cpu.Ref);
        _master.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        var first = ExpectBatch();
        Assert.Equal([0, 1], Values(first));
        Ack(outbox, first);

        // The stuck read no longer holds anything back: the next reading leaves at once.
        outbox.Tell(Points(2, 1), cpu.Ref);
        Assert.Equal([2], Values(_master.ExpectMsg<DeliveryBatch>(TimeSpan.FromMilliseconds(300))));
    }

    [Fact]
    public void Buffers_while_no_master_is_known_then_delivers_in_order_one_acknowledged_batch_at_a_time()
    {
        var buffer = new DeliveryBuffer(100, new AgentCounters());
        var outbox = StartOutbox(buffer);
        outbox.Tell(Points(0, 6));
        _master.ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        Connect(outbox);
        var first = ExpectBatch();
        Assert.Equal(1, first.Seq);
        Assert.Equal([0, 1, 2, 3], Values(first));
        _master.ExpectNoMsg(TimeSpan.FromMilliseconds(100)); // the second batch waits for the ack

        Ack(outbox, first);
        var second = ExpectBatch();
        Assert.Equal(2, second.Seq);
        Assert.Equal([4, 5], Values(second));
        Ack(outbox, second);
        AwaitAssert(() => Assert.Equal(6, buffer.Counters.Delivered));
    }

    [Fact]
    public void Resends_the_same_batch_until_it_is_acknowledged()
    {
        var outbox = StartOutbox(new DeliveryBuffer(100, new AgentCounters()), Fast with { AckTimeout = TimeSpan.FromMilliseconds(300) });
        Connect(outbox);
        outbox.Tell(Points(0, 2));
        var sent = ExpectBatch();
        var again = ExpectBatch();
        var andAgain = ExpectBatch();
        Assert.Equal([sent.Seq, sent.Seq], [again.Seq, andAgain.Seq]);
        Assert.Equal(Values(sent), Values(again));

        Ack(outbox, sent);
        outbox.Tell(Points(2, 1));
        Assert.Equal(sent.Seq + 1, ExpectBatch().Seq);
    }

    [Fact]
    public void A_full_buffer_drops_the_oldest_datapoints_and_counts_them()
    {
        var counters = new AgentCounters();
        var outbox = StartOutbox(new DeliveryBuffer(5, counters), Fast with { BatchSize = 100 });
        outbox.Tell(Points(0, 3));
        outbox.Tell(Points(3, 5));
        AwaitAssert(() => Assert.Equal(3, counters.Dropped));

        Connect(outbox);
        Assert.Equal([3, 4, 5, 6, 7], Values(ExpectBatch()));
    }

    [Fact]
    public void Batches_are_cut_by_encoded_bytes_as_well_as_by_count()
    {
        var outbox = StartOutbox(new DeliveryBuffer(100, new AgentCounters()), Fast with { BatchSize = 100, MaxBatchBytes = 100 });
        Connect(outbox);
        outbox.Tell(Points(0, 6)); // each datapoint is bounded at 12 path bytes + 26 = 38 bytes: two fit in 100
        var batch = ExpectBatch();
        Assert.Equal(2, batch.Metrics.Count);
        Assert.True(batch.Metrics.Sum(m => QuloSerializer.MaxEncodedSize(m)) <= 100);
    }

    [Fact]
    public void A_fresh_outbox_on_the_same_buffer_resends_the_batch_that_was_in_flight()
    {
        // What happens when the agent re-joins: a new actor system, a new outbox, the same buffer.
        var buffer = new DeliveryBuffer(100, new AgentCounters());
        var first = StartOutbox(buffer);
        Connect(first);
        first.Tell(Points(0, 2));
        var lost = ExpectBatch();
        Watch(first);
        Sys.Stop(first);
        ExpectTerminated(first);

        var second = StartOutbox(buffer);
        second.Tell(Points(2, 1));
        Connect(second);
        var resent = ExpectBatch();
        Assert.Equal((lost.ProducerId, lost.Seq), (resent.ProducerId, resent.Seq));
        Assert.Equal(Values(lost), Values(resent));
        Ack(second, resent);
        Assert.Equal([2], Values(ExpectBatch()));
    }

    [Fact]
    public void Drain_answers_once_everything_is_acknowledged_or_at_once_without_a_master()
    {
        var counters = new AgentCounters();
        var outbox = StartOutbox(new DeliveryBuffer(100, counters), Fast with { BatchSize = 100 });
        outbox.Tell(Points(0, 2));
        outbox.Tell(Drain.Instance);
        Assert.Equal(2 + 6, ExpectMsg<Drained>().Pending); // two datapoints and the six self-metrics

        Connect(outbox);
        var waiting = ExpectBatch();
        Assert.Equal(8, waiting.Metrics.Count);
        Ack(outbox, waiting);

        outbox.Tell(Drain.Instance);
        var last = ExpectBatch();
        Assert.Contains(last.Metrics, m => m.Path == "node1.QuloAgent.delivered" && m.Value == 8);
        ExpectNoMsg(TimeSpan.FromMilliseconds(100)); // not drained before the ack
        Ack(outbox, last);
        Assert.Equal(0, ExpectMsg<Drained>().Pending);
    }

    [Fact]
    public void Losing_the_master_stops_sending_and_a_new_master_gets_the_unacknowledged_batch()
    {
        var outbox = StartOutbox(new DeliveryBuffer(100, new AgentCounters()), Fast with { AckTimeout = TimeSpan.FromMilliseconds(200) });
        Connect(outbox);
        outbox.Tell(Points(0, 1));
        var pending = ExpectBatch();
        outbox.Tell(MasterUnavailable.Instance);
        _master.ReceiveWhile(TimeSpan.FromMilliseconds(100), m => m); // a resend already on its way
        _master.ExpectNoMsg(TimeSpan.FromMilliseconds(500));

        Connect(outbox);
        Assert.Equal(pending.Seq, ExpectBatch().Seq);
    }
}
