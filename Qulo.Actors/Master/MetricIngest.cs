using Akka.Actor;
using Akka.Event;
using Qulo.Actors.Agent;
using Qulo.Actors.Carbon;
using Qulo.Actors.Metrics;
using Qulo.Actors.Serialization;

namespace Qulo.Actors.Master;

/// <summary>
/// The master's end of the delivery protocol, at /user/ingest: welcomes agents, forwards each new
/// batch to the metric sink as a <see cref="MetricBatch"/> and acknowledges it. Sequence numbers are
/// checked per producer: a batch seen before (a resend whose ack was lost) is acknowledged again but
/// not forwarded; a jump in the numbers (which the protocol never makes) is logged and counted.
/// <para>
/// Backpressure: while the sink says carbon is behind (<see cref="CarbonSink.PressureChanged"/>), new batches
/// are held here, neither forwarded nor acknowledged; once the sink has room again they go on in arrival order,
/// as many as fit. Each agent has one batch in flight, so the agents stop sending and keep their points in their
/// own buffers: the master holds at most one batch per agent and the sink never drops its oldest for want of
/// room. A resend of a held batch is a duplicate and waits with it.
/// </para>
/// Reports MASTERHOST.QuloMaster.received / batches / duplicates / lost_batches / held_batches.
/// </summary>
public sealed class MetricIngest : ReceiveActor, IWithTimers
{
    public const string ActorName = "ingest";

    private sealed record EmitTick
    {
        public static readonly EmitTick Instance = new();
    }

    private readonly string _masterHost;
    private readonly IActorRef _sink;
    private readonly IActorRef _watcher;
    private readonly TimeSpan _interval;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, long> _lastSeq = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _producerOfHost = new(StringComparer.Ordinal);
    /// <summary>How often the sink is asked for room while batches are held and it has not said it is behind.</summary>
    private static readonly TimeSpan RoomPollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>A batch waiting for room in the sink, and the agent to acknowledge it to (that of its latest copy).</summary>
    private sealed class HeldBatch(IActorRef agent, DeliveryBatch batch)
    {
        public IActorRef Agent { get; set; } = agent;
        public DeliveryBatch Batch { get; } = batch;
    }

    private sealed record RoomTick
    {
        public static readonly RoomTick Instance = new();
    }

    private readonly Queue<HeldBatch> _held = new();
    private readonly Dictionary<string, HeldBatch> _heldByProducer = new(StringComparer.Ordinal);
    private bool _carbonBehind;
    private long _received, _batches, _duplicates, _lostBatches;

    public ITimerScheduler Timers { get; set; } = null!;

    public MetricIngest(string masterHost, IActorRef sink, IActorRef watcher, TimeSpan selfMetricsInterval)
    {
        (_masterHost, _sink, _watcher, _interval) = (masterHost, sink, watcher, selfMetricsInterval);
        Receive<AgentHello>(OnHello);
        Receive<DeliveryBatch>(OnBatch);
        Receive<CarbonSink.PressureChanged>(OnPressure);
        Receive<RoomTick>(_ => _sink.Tell(CarbonSink.AskRoom.Instance));
        Receive<EmitTick>(_ => _sink.Tell(new MetricBatch(SelfMetrics())));
    }

    public static Props Props(string masterHost, IActorRef sink, IActorRef watcher, TimeSpan selfMetricsInterval) =>
        Akka.Actor.Props.Create(() => new MetricIngest(masterHost, sink, watcher, selfMetricsInterval));

    protected override void PreStart()
    {
        Timers.StartPeriodicTimer("emit", EmitTick.Instance, _interval);
        _sink.Tell(new CarbonSink.WatchPressure(Self));
    }

    private void OnHello(AgentHello hello)
    {
        // A host that comes back as a new process starts a new stream: forget the old one's numbers.
        if (_producerOfHost.TryGetValue(hello.Host, out var previous) && previous != hello.ProducerId)
            _lastSeq.Remove(previous);
        _producerOfHost[hello.Host] = hello.ProducerId;
        _watcher.Tell(new AgentRegistered(Sender.Path.Address, hello));
        Sender.Tell(new Welcome(_masterHost));
    }

    private void OnBatch(DeliveryBatch batch)
    {
        var known = _lastSeq.TryGetValue(batch.ProducerId, out var last);
        if (known && batch.Seq <= last)
        {
            _duplicates++;
            if (_heldByProducer.TryGetValue(batch.ProducerId, out var held) && held.Batch.Seq == batch.Seq)
                held.Agent = Sender;
            else
                Sender.Tell(new DeliveryAck(batch.ProducerId, batch.Seq));
            return;
        }
        if (known && batch.Seq > last + 1)
        {
            _lostBatches += batch.Seq - last - 1;
            _log.Error("Batches {0} to {1} from {2} never arrived", last + 1, batch.Seq - 1, Sender.Path.Address);
        }
        _lastSeq[batch.ProducerId] = batch.Seq;
        if (_carbonBehind || _held.Count > 0)
        {
            var held = new HeldBatch(Sender, batch);
            _held.Enqueue(held);
            _heldByProducer[batch.ProducerId] = held;
            return;
        }
        Forward(Sender, batch);
    }

    private void Forward(IActorRef agent, DeliveryBatch batch)
    {
        _sink.Tell(new MetricBatch(batch.Metrics));
        _received += batch.Metrics.Count;
        _batches++;
        agent.Tell(new DeliveryAck(batch.ProducerId, batch.Seq));
        _watcher.Tell(new BatchReported(agent.Path.Address, batch.Metrics.Count));
    }

    private void OnPressure(CarbonSink.PressureChanged pressure)
    {
        _carbonBehind = pressure.High;
        if (_carbonBehind) return;
        var room = pressure.Room;
        while (room > 0 && _held.TryDequeue(out var held))
        {
            if (_heldByProducer.GetValueOrDefault(held.Batch.ProducerId) == held) _heldByProducer.Remove(held.Batch.ProducerId);
            Forward(held.Agent, held.Batch);
            room -= held.Batch.Metrics.Count;
        }
        // Carbon may drain without ever passing the high-water mark again, which would send no news: ask.
        if (_held.Count > 0) Timers.StartSingleTimer("room", RoomTick.Instance, RoomPollInterval);
    }

    private Metric[] SelfMetrics()
    {
        var now = UnixTime.Now();
        Metric M(string name, double value) => new(MetricPath.Join(_masterHost, SelfMetricNames.Master, name), now, value);
        return [M("received", _received), M("batches", _batches), M("duplicates", _duplicates), M("lost_batches", _lostBatches), M("held_batches", _held.Count)];
    }
}
