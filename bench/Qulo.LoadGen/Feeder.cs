using Akka.Actor;
using Qulo.Actors.Agent;
using Qulo.Actors.Metrics;

namespace Qulo.LoadGen;

/// <summary>
/// Plays the sensors of one simulated agent: from <c>start</c> to <c>stop</c> it hands its Outbox one
/// <see cref="MetricBatch"/> per sample (all series, stamped with the sampling time), at a steady rate,
/// as SensorActors do. Answers <see cref="GetSamples"/> with the number of samples it made.
/// </summary>
internal sealed class Feeder : ReceiveActor, IWithTimers
{
    public sealed record GetSamples
    {
        public static readonly GetSamples Instance = new();
    }

    private sealed record Tick
    {
        public static readonly Tick Instance = new();
    }

    /// <summary>Samples are caught up on each tick; at most this many at once after a stall, so one tick never floods the outbox.</summary>
    private const int MaxSamplesPerTick = 1000;

    private readonly IActorRef _outbox;
    private readonly string[] _paths;
    private readonly double _samplesPerSecond;
    private readonly DateTime _start, _stop;
    private long _samples;

    public Feeder(IActorRef outbox, string[] paths, double samplesPerSecond, DateTime start, DateTime stop)
    {
        (_outbox, _paths, _samplesPerSecond, _start, _stop) = (outbox, paths, samplesPerSecond, start, stop);
        Receive<Tick>(_ => OnTick());
        Receive<GetSamples>(_ => Sender.Tell(_samples));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart() => Timers.StartPeriodicTimer("tick", Tick.Instance, TimeSpan.FromMilliseconds(100));

    private void OnTick()
    {
        var now = DateTime.UtcNow;
        if (now < _start) return;
        if (now >= _stop)
        {
            now = _stop;
            Timers.Cancel("tick");
        }
        var due = (long)((now - _start).TotalSeconds * _samplesPerSecond) - _samples;
        for (var i = 0; i < Math.Min(due, MaxSamplesPerTick); i++) Sample();
    }

    private void Sample()
    {
        var timestamp = UnixTime.Now();
        var metrics = new Metric[_paths.Length];
        for (var j = 0; j < metrics.Length; j++) metrics[j] = new Metric(_paths[j], timestamp, _samples);
        _samples++;
        _outbox.Tell(new MetricBatch(metrics));
    }
}
