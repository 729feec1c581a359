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
/// Backpressure: while the sink says carbon is behind (<see cref="CarbonSink.PressureChanged"/>), batches are
/// still forwarded but their acknowledgements are held back until it catches up. Each agent has one batch in
/// flight, so the agents stop sending and keep their points in their own buffers instead of the sink dropping
/// its oldest; a resend of a held batch is a duplicate and waits with it.
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
    /// <summary>Per producer, the batch whose acknowledgement waits for carbon, and where to send it.</summary>
    private readonly Dictionary<string, (IActorRef Agent, long Seq)> _held = new(StringComparer.Ordinal);
    private bool _carbonBehind;
    private long _received, _batches, _duplicates, _lostBatches;

    public ITimerScheduler Timers { get; set; } = null!;

    public MetricIngest(string masterHost, IActorRef sink, IActorRef watcher, TimeSpan selfMetricsInterval)
    {
        (_masterHost, _sink, _watcher, _interval) = (masterHost, sink, watcher, selfMetricsInterval);
        Receive<AgentHello>(OnHello);
        Receive<DeliveryBatch>(OnBatch);
        Receive<CarbonSink.PressureChanged>(OnPressure);
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
        {
            _lastSeq.Remove(previous);
            _held.Remove(previous);
        }
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
            if (_held.TryGetValue(batch.ProducerId, out var held) && held.Seq == batch.Seq)
                _held[batch.ProducerId] = (Sender, batch.Seq);
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
        _sink.Tell(new MetricBatch(batch.Metrics));
        _received += batch.Metrics.Count;
        _batches++;
        if (_carbonBehind) _held[batch.ProducerId] = (Sender, batch.Seq);
        else Sender.Tell(new DeliveryAck(batch.ProducerId, batch.Seq));
        _watcher.Tell(new BatchReported(Sender.Path.Address, batch.Metrics.Count));
    }

    private void OnPressure(CarbonSink.PressureChanged pressure)
    {
        _carbonBehind = pressure.High;
        if (_carbonBehind) return;
        foreach (var (producer, (agent, seq)) in _held) agent.Tell(new DeliveryAck(producer, seq));
        _held.Clear();
    }

    private Metric[] SelfMetrics()
    {
        var now = UnixTime.Now();
        Metric M(string name, double value) => new(MetricPath.Join(_masterHost, SelfMetricNames.Master, name), now, value);
        return [M("received", _received), M("batches", _batches), M("duplicates", _duplicates), M("lost_batches", _lostBatches), M("held_batches", _held.Count)];
    }
}
