using Akka.Actor;
using Akka.Event;
using Qulo.Actors.Metrics;
using Qulo.Actors.Serialization;

namespace Qulo.Actors.Agent;

/// <summary>Tuning of the agent -> master delivery.</summary>
/// <param name="MaxBatchBytes">Encoded size limit per batch, well under Akka's 128,000-byte frame.</param>
/// <param name="AckTimeout">A batch not acknowledged within this is sent again; each further resend of the same
/// batch waits twice as long, up to <see cref="MaxResendInterval"/> (a master holding acks back while carbon
/// catches up is not flooded with resends).</param>
/// <param name="HelloInterval">How often the hello is repeated until the master welcomes us.</param>
/// <param name="Linger">The longest that new datapoints wait for the reads still in progress (<see cref="ReadStarted"/>)
/// before the outbox sends, rounded up to the scheduler's tick: with the default (zero) until the tick after
/// they came, on an agent the next whole second.</param>
public sealed record OutboxSettings(int BatchSize, int MaxBatchBytes, TimeSpan AckTimeout, TimeSpan HelloInterval, TimeSpan SelfMetricsInterval,
    TimeSpan Linger = default)
{
    public const int DefaultMaxBatchBytes = 64_000;

    public static readonly TimeSpan MaxResendInterval = TimeSpan.FromSeconds(40);

    public static OutboxSettings Create(int batchSize) =>
        new(batchSize, DefaultMaxBatchBytes, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30));
}

/// <summary>
/// A sensor started a read: the outbox holds what it has until that read's <see cref="MetricBatch"/> (empty when
/// the read gave nothing or failed) comes, or the linger is over. Sensors due in the same second finish within
/// milliseconds of each other; their readings then share one message and one ack instead of a round trip each
/// (an agent with the seed sensors: ~6 batches a minute instead of ~30).
/// </summary>
public sealed record ReadStarted
{
    public static readonly ReadStarted Instance = new();
}

/// <summary>The master's ingest can be reached at this path (sent by the <see cref="MasterLocator"/>).</summary>
public sealed record MasterAvailable(ActorPath IngestPath);

/// <summary>No master is reachable: stop sending, keep buffering.</summary>
public sealed record MasterUnavailable
{
    public static readonly MasterUnavailable Instance = new();
}

/// <summary>After a reload: the agent's sensors are now these; the master is told with a fresh hello.</summary>
public sealed record SensorsChanged(IReadOnlyList<string> Sensors);

/// <summary>Asked at shutdown: deliver what is left; answered with <see cref="Drained"/>.</summary>
public sealed record Drain
{
    public static readonly Drain Instance = new();
}

/// <summary>Answer to <see cref="Drain"/>: how many datapoints are still undelivered (0 when all arrived).</summary>
public sealed record Drained(int Pending);

/// <summary>
/// The only actor on the agent that talks to the master. Sensors hand it <see cref="MetricBatch"/>es;
/// it queues them in the <see cref="DeliveryBuffer"/> and sends one numbered batch at a time, resending
/// it until the master acknowledges it (at least once; the master drops the duplicates it recognises).
/// </summary>
public sealed class Outbox : ReceiveActor, IWithTimers
{
    private sealed record HelloTick
    {
        public static readonly HelloTick Instance = new();
    }

    private sealed record AckTimeout(long Seq);

    private sealed record SelfMetricsTick
    {
        public static readonly SelfMetricsTick Instance = new();
    }

    private sealed record LingerOver
    {
        public static readonly LingerOver Instance = new();
    }

    private const string HelloTimer = "hello";
    private const string AckTimer = "ack";
    private const string LingerTimer = "linger";

    private readonly string _host;
    private readonly IReadOnlyList<string> _roles;
    private IReadOnlyList<string> _sensors;
    private readonly DeliveryBuffer _buffer;
    private readonly OutboxSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private ActorSelection? _candidate;
    private IActorRef? _ingest;
    private IActorRef? _drainRequester;
    /// <summary>The sensors whose read is in progress; cleared when the linger is over (a stuck read holds nothing back).</summary>
    private readonly HashSet<IActorRef> _reading = [];
    /// <summary>Resends of the batch in flight since it was first sent.</summary>
    private int _resends;

    public ITimerScheduler Timers { get; set; } = null!;

    public Outbox(string host, IReadOnlyList<string> roles, IReadOnlyList<string> sensors, DeliveryBuffer buffer, OutboxSettings settings)
    {
        (_host, _roles, _sensors, _buffer, _settings) = (host, roles, sensors, buffer, settings);

        Receive<ReadStarted>(_ => _reading.Add(Sender));
        Receive<MetricBatch>(batch =>
        {
            _buffer.Add(batch.Metrics);
            _reading.Remove(Sender);
            if (_reading.Count == 0) SendHeld();
            else if (!Timers.IsTimerActive(LingerTimer)) Timers.StartSingleTimer(LingerTimer, LingerOver.Instance, _settings.Linger);
        });
        Receive<LingerOver>(_ =>
        {
            _reading.Clear();
            TrySend();
        });
        Receive<MasterAvailable>(m =>
        {
            _ingest = null;
            _candidate = Context.ActorSelection(m.IngestPath);
            SayHello();
            Timers.StartPeriodicTimer(HelloTimer, HelloTick.Instance, _settings.HelloInterval);
        });
        Receive<HelloTick>(_ => SayHello());
        Receive<SensorsChanged>(changed =>
        {
            _sensors = changed.Sensors;
            // The master lists an agent's sensors from its hello (`qmaster status`); its Welcome answer resumes delivery as usual.
            _ingest?.Tell(new AgentHello(_host, _buffer.ProducerId, _roles, _sensors));
        });
        Receive<Welcome>(w =>
        {
            Timers.Cancel(HelloTimer);
            _ingest = Sender;
            _resends = 0;
            _log.Info("Delivering to master {0} at {1}; {2} datapoints waiting", w.MasterHost, Sender.Path.Address, Pending);
            TrySend(resend: true);
        });
        Receive<MasterUnavailable>(_ =>
        {
            if (_ingest is not null) _log.Warning("Master unreachable; buffering (up to {0} datapoints)", _buffer.Capacity);
            _ingest = null;
            _candidate = null;
            Timers.Cancel(HelloTimer);
            Timers.Cancel(AckTimer);
            AnswerDrainIfDone();
        });
        Receive<DeliveryAck>(ack =>
        {
            if (!_buffer.Acknowledge(ack.Seq)) return;
            Timers.Cancel(AckTimer);
            _resends = 0;
            TrySend();
        });
        Receive<AckTimeout>(t =>
        {
            if (_buffer.InFlight?.Seq != t.Seq) return;
            var waited = ResendInterval;
            _resends++;
            if (_resends == 1) _log.Warning("Batch {0} not acknowledged within {1} s; sending it again", t.Seq, waited.TotalSeconds);
            else _log.Debug("Batch {0} still not acknowledged after {1} resends (the master may be waiting for carbon); sending it again", t.Seq, _resends - 1);
            TrySend(resend: true);
        });
        Receive<SelfMetricsTick>(_ => _buffer.Add(SelfMetrics()));
        Receive<Drain>(_ =>
        {
            _buffer.Add(SelfMetrics());
            _drainRequester = Sender;
            TrySend();
        });
    }

    protected override void PreStart() =>
        Timers.StartPeriodicTimer("self-metrics", SelfMetricsTick.Instance, _settings.SelfMetricsInterval);

    private TimeSpan ResendInterval =>
        TimeSpan.FromTicks(Math.Min(_settings.AckTimeout.Ticks << Math.Min(_resends, 16), Math.Max(OutboxSettings.MaxResendInterval.Ticks, _settings.AckTimeout.Ticks)));

    private int Pending => _buffer.Count + (_buffer.InFlight?.Metrics.Count ?? 0);

    private void SendHeld()
    {
        Timers.Cancel(LingerTimer);
        TrySend();
    }

    private void SayHello() => _candidate?.Tell(new AgentHello(_host, _buffer.ProducerId, _roles, _sensors));

    /// <summary>Sends the next batch when none is in flight; with <paramref name="resend"/> the one in flight again.</summary>
    private void TrySend(bool resend = false)
    {
        if (_ingest is not null && (resend || _buffer.InFlight is null)
            && _buffer.NextBatch(_settings.BatchSize, _settings.MaxBatchBytes) is { } batch)
        {
            _ingest.Tell(batch);
            Timers.StartSingleTimer(AckTimer, new AckTimeout(batch.Seq), ResendInterval);
        }
        AnswerDrainIfDone();
    }

    private void AnswerDrainIfDone()
    {
        if (_drainRequester is null || (_ingest is not null && Pending > 0)) return;
        _drainRequester.Tell(new Drained(Pending));
        _drainRequester = null;
    }

    private Metric[] SelfMetrics()
    {
        var now = UnixTime.Now();
        var c = _buffer.Counters;
        Metric M(string name, double value) => new(MetricPath.Join(_host, SelfMetricNames.Agent, name), now, value);
        return
        [
            M("sampled", c.Sampled), M("delivered", c.Delivered), M("dropped", c.Dropped),
            M("buffered", Pending), M("sensor_restarts", c.SensorRestarts), M("sensor_timeouts", c.SensorTimeouts),
        ];
    }
}
