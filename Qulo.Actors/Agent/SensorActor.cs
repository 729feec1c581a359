using Akka.Actor;
using Akka.Event;
using Qulo.Actors.Config;
using Qulo.Actors.Metrics;
using Qulo.Actors.Sensors;

namespace Qulo.Actors.Agent;

/// <summary>
/// Owns one sensor and its timer: samples right away and then every interval, stamps the readings
/// with HOST.Sensor and the sampling time and hands them to the Outbox, which it tells when a read starts
/// (so that the readings of sensors sampled together leave in one batch). The sensor is created by its
/// first read, and every read runs on the thread pool, never on the actor: an agent's actors share one
/// thread (AgentLoop), which a slow start (nvmlInit wakes every GPU without persistence mode, seconds
/// each) or a sensor stuck on a dead network file system would otherwise hold, heartbeats included.
/// At most one read is outstanding: a stuck sensor skips its ticks (counted as timeouts) while every
/// other sensor keeps its rhythm. A sensor that throws, created or read, fails this actor; the
/// AgentSupervisor restarts it with backoff.
/// </summary>
public sealed class SensorActor : ReceiveActor, IWithTimers
{
    private sealed record Tick
    {
        public static readonly Tick Instance = new();
    }

    private sealed record Sampled(IReadOnlyList<Reading> Readings, double Timestamp);

    private sealed record SampleFailed(Exception Cause);

    /// <summary>Tells the outbox that a read ended with nothing to deliver (see <see cref="ReadStarted"/>).</summary>
    private static readonly MetricBatch Nothing = new([]);

    private readonly SensorSettings _settings;
    private readonly string _prefix;
    private readonly IActorRef _outbox;
    private readonly AgentCounters _counters;
    private readonly TimeSpan _sampleTimeout;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Lazy<ISensor> _sensor;
    private Task? _reading;
    private DateTime _readStarted;
    private bool _primed, _reportedEmpty, _reportedHung;
    private Timer? _ownTimer;

    public ITimerScheduler Timers { get; set; } = null!;

    public SensorActor(SensorSettings settings, string host, IActorRef outbox, AgentCounters counters)
    {
        (_settings, _outbox, _counters) = (settings, outbox, counters);
        _prefix = MetricNaming.SensorPrefix(host, settings.Info.Name);
        _sampleTimeout = SampleTimeout(settings.Interval);
        _sensor = new Lazy<ISensor>(() => settings.Info.Create(new SensorContext(FileSystemRoots.Live, settings.Options)));
        Receive<Tick>(_ => StartRead());
        Receive<Sampled>(OnSampled);
        Receive<SampleFailed>(f =>
        {
            _outbox.Tell(Nothing);
            throw new SensorFailedException(Name, f.Cause);
        });
    }

    public static Props Props(SensorSettings settings, string host, IActorRef outbox, AgentCounters counters) =>
        Akka.Actor.Props.Create(() => new SensorActor(settings, host, outbox, counters));

    /// <summary>How long one read may take before it counts as hung: the interval, within 1 to 10 seconds.</summary>
    public static TimeSpan SampleTimeout(TimeSpan interval) =>
        TimeSpan.FromTicks(Math.Clamp(interval.Ticks, TimeSpan.TicksPerSecond, 10 * TimeSpan.TicksPerSecond));

    private string Name => _settings.Info.Name;

    protected override void PreStart()
    {
        Self.Tell(Tick.Instance);
        // An agent's scheduler fires timers on whole ticks (1 s, ClusterTuning.AgentHocon, AgentLoop): whole
        // multiples of the tick keep their exact period and share wake-ups with the other timers; any other
        // interval (0.5 s, 2.5 s) gets a .NET timer of its own so that it is not rounded to ticks.
        var tick = Context.System.Settings.Config.GetTimeSpan("akka.scheduler.tick-duration");
        if (_settings.Interval.Ticks % tick.Ticks == 0)
            Timers.StartPeriodicTimer("sample", Tick.Instance, _settings.Interval);
        else
        {
            var self = Self;
            _ownTimer = new Timer(_ => self.Tell(Tick.Instance), null, _settings.Interval, _settings.Interval);
        }
    }

    protected override void PostStop() => _ownTimer?.Dispose();

    private void StartRead()
    {
        if (_reading is { IsCompleted: false })
        {
            if (DateTime.UtcNow - _readStarted > _sampleTimeout && !_reportedHung)
            {
                _reportedHung = true;
                _counters.AddSensorTimeout();
                _log.Warning("Sensor {0} has not answered for {1}; skipping its samples until it does", Name, DateTime.UtcNow - _readStarted);
            }
            return;
        }
        var sensor = _sensor;
        _readStarted = DateTime.UtcNow;
        _outbox.Tell(ReadStarted.Instance);
        var read = Task.Run(() => new Sampled(sensor.Value.Read(), UnixTime.Now()));
        _reading = read;
        read.PipeTo(Self, failure: e => new SampleFailed(e is AggregateException { InnerException: { } inner } ? inner : e));
    }

    private void OnSampled(Sampled sampled)
    {
        if (_reportedHung)
        {
            _reportedHung = false;
            _log.Info("Sensor {0} answers again", Name);
        }
        var firstOfTwo = _sensor.Value.NeedsTwoSamples && !_primed;
        _primed = true;
        if (sampled.Readings.Count == 0)
        {
            if (!firstOfTwo && !_reportedEmpty)
            {
                _reportedEmpty = true;
                _log.Info("Sensor {0} has nothing to report on this node", Name);
            }
            _outbox.Tell(Nothing);
            return;
        }
        var metrics = new Metric[sampled.Readings.Count];
        for (var i = 0; i < metrics.Length; i++)
            metrics[i] = MetricNaming.ToMetric(_prefix, sampled.Readings[i], sampled.Timestamp);
        _counters.AddSampled(metrics.Length);
        _outbox.Tell(new MetricBatch(metrics));
    }
}
