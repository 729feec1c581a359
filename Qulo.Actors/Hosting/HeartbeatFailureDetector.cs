using Akka.Event;
using Akka.Remote;

namespace Qulo.Actors.Hosting;

/// <summary>
/// Akka's phi accrual failure detector for cluster heartbeats (<c>akka.cluster.failure-detector.implementation-class</c>),
/// with a warning that means something at QULo's tuning. Akka warns "heartbeat interval is growing too
/// large" whenever two heartbeats are 2/3 of acceptable-heartbeat-pause apart, a rule for pauses much longer
/// than the interval; with QULo's heartbeats (4 s, pause 2 s) every heartbeat trips it, a warning every round
/// for every monitored peer. Here the same 2/3 of the pause is allowed on top of the heartbeat interval: the
/// warning says that a heartbeat came that late.
/// </summary>
public sealed class HeartbeatFailureDetector : PhiAccrualFailureDetector
{
    private readonly EventStream? _events;
    private readonly Clock _clock;
    private readonly long _intervalMs, _lateAfterMs;
    private long? _last;

    /// <summary>Akka's constructor for a configured detector: <paramref name="config"/> is the failure-detector section.</summary>
    public HeartbeatFailureDetector(Akka.Configuration.Config config, EventStream events) : this(config, events, DefaultClock) { }

    public HeartbeatFailureDetector(Akka.Configuration.Config config, EventStream? events, Clock clock)
        : base(config.GetDouble("threshold"), config.GetInt("max-sample-size"), config.GetTimeSpan("min-std-deviation"),
            config.GetTimeSpan("acceptable-heartbeat-pause"), config.GetTimeSpan("heartbeat-interval"), clock)
    {
        (_events, _clock) = (events, clock);
        _intervalMs = (long)config.GetTimeSpan("heartbeat-interval").TotalMilliseconds;
        _lateAfterMs = _intervalMs + (long)(config.GetTimeSpan("acceptable-heartbeat-pause").TotalMilliseconds * 2 / 3);
    }

    public override void HeartBeat()
    {
        var now = _clock();
        // Only for a peer still deemed available, as Akka: after an unreachable spell the gap is no news.
        if (_last is { } last && now - last >= _lateAfterMs && IsAvailable)
            _events?.Publish(new Warning(ToString(), GetType(), $"heartbeat from {Address} came {now - last} ms after the one before; heartbeats are {_intervalMs} ms apart"));
        _last = now;
        base.HeartBeat();
    }
}
