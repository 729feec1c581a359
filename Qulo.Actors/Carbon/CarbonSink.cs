using Akka;
using Akka.Actor;
using Akka.Event;
using Qulo.Actors.Agent;
using Qulo.Actors.Config;
using Qulo.Actors.Metrics;

namespace Qulo.Actors.Carbon;

/// <summary>
/// The master's only way to carbon. Create it with <see cref="Props(GraphiteSettings, string, TimeSpan?)"/>
/// and send it <see cref="MetricBatch"/> messages (from agents, or extra master metrics such as
/// <c>MASTERHOST.QuloMaster.agents_up</c>: every batch is handled alike).
/// <list type="bullet">
/// <item>With Graphite enabled, each path goes to one of <see cref="GraphiteSettings.Destinations"/>
/// chosen by carbon-relay's consistent hashing (<see cref="ConsistentHashRing"/>). Each destination
/// has one connection and a buffer of <see cref="GraphiteSettings.BufferSize"/> / destinations points;
/// points are written in pickle frames of at most <see cref="GraphiteSettings.BatchSize"/> points and
/// <see cref="GraphiteSettings.MaxFrameBytes"/> bytes, as soon as a batch is full or every
/// <see cref="GraphiteSettings.FlushInterval"/>. Carbon away: points wait, the oldest are dropped
/// (counted) when the buffer is full, and the connection is retried with backoff.</item>
/// <item>With <see cref="GraphiteSettings.PlaintextFile"/> set, every point is also appended there as
/// <c>path value timestamp</c> (rotating), with or without Graphite.</item>
/// <item>Every self-metrics interval it sends its own counters (<see cref="CarbonStats"/>) as
/// <c>MASTERHOST.QuloMaster.datapoints_received|datapoints_sent|datapoints_buffered|datapoints_dropped|reconnects|frames_sent</c>
/// (cumulative since start, except buffered).</item>
/// <item>Backpressure: an actor that sends it <see cref="WatchPressure"/> is told <see cref="PressureChanged"/>
/// when some destination's unsent points pass half its buffer (High) and when all are back under a quarter;
/// <see cref="AskRoom"/> is answered with the same message, saying how many points fit under the high-water
/// mark now. The master's ingest holds new batches (and their acknowledgements) while the sink is behind,
/// so agents keep their points instead of the sink dropping its oldest.</item>
/// <item>Ask it <see cref="GetStats"/> for a <see cref="CarbonStats"/>; ask it <see cref="Drain"/> to
/// write everything buffered (answered with the stats once done or after the drain timeout). The
/// actor system's coordinated shutdown drains it by itself (phase before-actor-system-terminate);
/// drain it first if you stop it yourself.</item>
/// </list>
/// </summary>
public sealed class CarbonSink : ReceiveActor, IWithTimers
{
    /// <summary>How long a drain (and so a graceful stop) waits for carbon.</summary>
    public static readonly TimeSpan DefaultDrainTimeout = TimeSpan.FromSeconds(4);

    /// <summary>The sink's own metrics under <c>MASTERHOST.QuloMaster</c>, in <see cref="CarbonStats"/> order.</summary>
    public static readonly IReadOnlyList<string> StatNames =
        ["datapoints_received", "datapoints_sent", "datapoints_buffered", "datapoints_dropped", "reconnects", "frames_sent"];

    public sealed record GetStats
    {
        public static readonly GetStats Instance = new();
    }

    public sealed record Drain
    {
        public static readonly Drain Instance = new();
    }

    /// <summary>Tell <see cref="Watcher"/> the current and every later <see cref="PressureChanged"/>.</summary>
    public sealed record WatchPressure(IActorRef Watcher);

    /// <summary>High: carbon is behind and the sink's buffer is filling. Room: points that may be sent now (0 when High).</summary>
    public sealed record PressureChanged(bool High, long Room);

    /// <summary>
    /// Datapoints handled like a <see cref="MetricBatch"/>, then <see cref="Receipt"/> is sent back: they are in the
    /// plaintext file and in the buffers towards carbon. The master acknowledges an agent's batch only then.
    /// </summary>
    public sealed record Deliver(IReadOnlyList<Metric> Metrics, object Receipt);

    /// <summary>Answered with a <see cref="PressureChanged"/> that says how much room there is now.</summary>
    public sealed record AskRoom
    {
        public static readonly AskRoom Instance = new();
    }

    private sealed record SelfMetricsTick
    {
        public static readonly SelfMetricsTick Instance = new();
    }

    private sealed record SelfMetricsReady(CarbonStats Stats);

    private readonly GraphiteSettings _settings;
    private readonly string _masterHost;
    private readonly TimeSpan _selfMetricsInterval;
    private readonly ConnectionTuning _tuning;
    private readonly TimeSpan _drainTimeout;
    private readonly CancellationTokenSource _stopped = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private ConsistentHashRing? _ring;
    private IActorRef[] _connections = [];
    private PlaintextFileSink? _plaintext;
    private bool _plaintextFailing;
    private long _received;
    private static readonly TimeSpan PressureLogInterval = TimeSpan.FromMinutes(1);
    private readonly HashSet<CarbonDestination> _behind = [];
    private DateTime _lastBehindWarning = DateTime.MinValue;
    private readonly List<IActorRef> _pressureWatchers = [];

    /// <summary>Use <see cref="Props(GraphiteSettings, string, TimeSpan?)"/>, which checks the settings (Akka needs this constructor public).</summary>
    public CarbonSink(GraphiteSettings settings, string masterHost, TimeSpan selfMetricsInterval, ConnectionTuning tuning, TimeSpan drainTimeout)
    {
        _settings = settings;
        _masterHost = masterHost;
        _selfMetricsInterval = selfMetricsInterval;
        _tuning = tuning;
        _drainTimeout = drainTimeout;

        Receive<MetricBatch>(batch => Accept(batch.Metrics));
        Receive<Deliver>(deliver =>
        {
            Accept(deliver.Metrics);
            Sender.Tell(deliver.Receipt);
        });
        Receive<WatchPressure>(watch =>
        {
            _pressureWatchers.Add(watch.Watcher);
            watch.Watcher.Tell(new PressureChanged(_behind.Count > 0, _behind.Count > 0 ? 0 : RoomAfterRelief));
        });
        Receive<AskRoom>(_ => Room().PipeTo(Sender));
        Receive<CarbonConnection.Pressure>(OnPressure);
        Receive<GetStats>(_ => CollectStats().PipeTo(Sender));
        Receive<Drain>(_ => DrainConnections().PipeTo(Sender));
        Receive<SelfMetricsTick>(_ => CollectStats().ContinueWith(t => new SelfMetricsReady(t.Result), TaskContinuationOptions.OnlyOnRanToCompletion).PipeTo(Self));
        Receive<SelfMetricsReady>(ready => Route(SelfMetrics(ready.Stats)));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="settings">The [Graphite] settings.</param>
    /// <param name="masterHost">The HOST part of the master's own paths, built as agents build theirs.</param>
    /// <param name="selfMetricsInterval">Defaults to <see cref="Defaults.MasterSelfMetricsIntervalSeconds"/>.</param>
    public static Props Props(GraphiteSettings settings, string masterHost, TimeSpan? selfMetricsInterval = null) =>
        Props(settings, masterHost, selfMetricsInterval ?? TimeSpan.FromSeconds(Defaults.MasterSelfMetricsIntervalSeconds),
            ConnectionTuning.Default, DefaultDrainTimeout);

    internal static Props Props(GraphiteSettings settings, string masterHost, TimeSpan selfMetricsInterval, ConnectionTuning tuning, TimeSpan drainTimeout)
    {
        if (settings.BatchSize <= 0) throw new ArgumentException($"Graphite batch size must be positive, not {settings.BatchSize}", nameof(settings));
        if (settings.BufferSize <= 0) throw new ArgumentException($"Graphite buffer size must be positive, not {settings.BufferSize}", nameof(settings));
        if (settings.Enabled && settings.Destinations.Count == 0) throw new ArgumentException("Graphite is enabled but has no carbon destination", nameof(settings));
        return Akka.Actor.Props.Create(() => new CarbonSink(settings, masterHost, selfMetricsInterval, tuning, drainTimeout));
    }

    protected override void PreStart()
    {
        if (_settings.Enabled)
        {
            _ring = new ConsistentHashRing(_settings.Destinations);
            _connections = _settings.Destinations
                .Select((d, i) => Context.ActorOf(CarbonConnection.Props(d, _settings, PerDestinationCapacity, _tuning), $"carbon-{i}"))
                .ToArray();
        }
        if (_settings.PlaintextFile.Length > 0) OpenPlaintextFile();
        Timers.StartPeriodicTimer("self-metrics", SelfMetricsTick.Instance, _selfMetricsInterval);

        var self = Self;
        var stopped = _stopped.Token;
        var askTimeout = _drainTimeout + TimeSpan.FromSeconds(1);
        CoordinatedShutdown.Get(Context.System).AddTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate, "carbon-sink-drain", async () =>
        {
            if (!stopped.IsCancellationRequested)
            {
                try { await self.Ask<CarbonStats>(Drain.Instance, askTimeout, stopped); }
                catch (Exception e) when (e is TaskCanceledException or AskTimeoutException) { /* stopped meanwhile, or drain already reported */ }
            }
            return Done.Instance;
        });
    }

    protected override void PostStop()
    {
        _stopped.Cancel();
        _plaintext?.Dispose();
    }

    private void Accept(IReadOnlyList<Metric> metrics)
    {
        _received += metrics.Count;
        Route(metrics);
    }

    private void Route(IReadOnlyList<Metric> metrics)
    {
        WritePlaintext(metrics);
        if (_connections.Length == 1) _connections[0].Tell(new CarbonConnection.Enqueue(metrics));
        else if (_connections.Length > 1)
        {
            var perDestination = new List<Metric>?[_connections.Length];
            foreach (var metric in metrics)
                (perDestination[_ring!.NodeFor(metric.Path)] ??= []).Add(metric);
            for (var i = 0; i < perDestination.Length; i++)
                if (perDestination[i] is { } points) _connections[i].Tell(new CarbonConnection.Enqueue(points));
        }
    }

    private void OnPressure(CarbonConnection.Pressure pressure)
    {
        var wasHigh = _behind.Count > 0;
        if (pressure.High) _behind.Add(pressure.Destination);
        else _behind.Remove(pressure.Destination);
        LogPressure(pressure);
        var isHigh = _behind.Count > 0;
        if (isHigh == wasHigh) return;
        foreach (var watcher in _pressureWatchers) watcher.Tell(new PressureChanged(isHigh, isHigh ? 0 : RoomAfterRelief));
    }

    /// <summary>Every destination is back under a quarter of its buffer: a quarter more fits under the half.</summary>
    private long RoomAfterRelief => _connections.Length == 0 ? long.MaxValue : (long)PerDestinationCapacity * _connections.Length / 4;

    private int PerDestinationCapacity => (int)Math.Ceiling((double)_settings.BufferSize / Math.Max(1, _settings.Destinations.Count));

    private async Task<PressureChanged> Room()
    {
        if (_behind.Count > 0) return new PressureChanged(true, 0);
        if (_connections.Length == 0) return new PressureChanged(false, long.MaxValue);
        var highWater = (long)PerDestinationCapacity * _connections.Length / 2;
        var stats = await CollectStats();
        return new PressureChanged(false, Math.Max(0, highWater - stats.Buffered));
    }

    /// <summary>
    /// Under sustained overload the pressure flips every second or so (half the buffer up, a quarter down):
    /// the first "behind" of an episode is a warning, the flips within <see cref="PressureLogInterval"/> of it are debug.
    /// </summary>
    private void LogPressure(CarbonConnection.Pressure pressure)
    {
        var now = DateTime.UtcNow;
        var news = now - _lastBehindWarning > PressureLogInterval;
        if (pressure.High && news)
        {
            _lastBehindWarning = now;
            _log.Warning("Carbon {0} is behind: {1} datapoints not written yet; agents keep their points until it catches up", pressure.Destination, pressure.Unsent);
        }
        else if (!pressure.High && news)
            _log.Info("Carbon {0} caught up ({1} datapoints not written yet)", pressure.Destination, pressure.Unsent);
        else
            _log.Debug("Carbon {0}: {1} ({2} datapoints not written yet)", pressure.Destination, pressure.High ? "behind" : "caught up", pressure.Unsent);
    }

    private async Task<CarbonStats> CollectStats()
    {
        var received = new CarbonStats(_received, 0, 0, 0, 0, 0);
        var perConnection = await Task.WhenAll(_connections.Select(c => c.Ask<CarbonStats>(CarbonConnection.GetStats.Instance, _drainTimeout)));
        return perConnection.Aggregate(received, (total, s) => total.Add(s));
    }

    private async Task<CarbonStats> DrainConnections()
    {
        try
        {
            await Task.WhenAll(_connections.Select(c => c.Ask<CarbonConnection.Drained>(CarbonConnection.Drain.Instance, _drainTimeout)));
        }
        catch (AskTimeoutException)
        {
            // Reported below: what is still buffered shows in the stats.
        }
        var stats = await CollectStats();
        if (stats.Buffered > 0)
            _log.Warning("Carbon sink: {0} datapoints still not written after waiting {1} s for carbon", stats.Buffered, _drainTimeout.TotalSeconds);
        return stats;
    }

    private IReadOnlyList<Metric> SelfMetrics(CarbonStats stats)
    {
        double now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        long[] values = [stats.Received, stats.Sent, stats.Buffered, stats.Dropped, stats.Reconnects, stats.Frames];
        return StatNames.Select((name, i) => new Metric(MetricPath.Join(_masterHost, SelfMetricNames.Master, name), now, values[i])).ToList();
    }

    private void OpenPlaintextFile()
    {
        try
        {
            _plaintext = new PlaintextFileSink(_settings.PlaintextFile, _settings.PlaintextMaxBytes, _settings.PlaintextBackupCount);
        }
        catch (IOException e)
        {
            _log.Error("Plaintext datapoint file disabled: {0}", e.Message);
        }
    }

    private void WritePlaintext(IReadOnlyList<Metric> metrics)
    {
        if (_plaintext is null) return;
        try
        {
            _plaintext.Write(metrics);
            _plaintextFailing = false;
        }
        catch (IOException e)
        {
            if (!_plaintextFailing) _log.Error("Cannot write datapoints to the plaintext file {0}: {1}", _settings.PlaintextFile, e.Message);
            _plaintextFailing = true;
        }
    }
}
