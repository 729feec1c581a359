using Akka.Actor;
using Qulo.Actors.Agent;
using Qulo.Actors.Metrics;

namespace Qulo.LoadGen;

/// <summary>
/// One simulated agent. Like AgentHost, its DeliveryBuffer outlives the actor system (a downed node
/// re-joins with a fresh system and delivers what is left); <see cref="Outbox"/> is the current
/// system's Outbox, null while there is none, when no sample is taken (a real agent's sensors stop too).
/// Sample number s carries the value s in every series.
/// </summary>
internal sealed class SimulatedAgent(string host, string[] paths, DeliveryBuffer buffer)
{
    private IActorRef? _outbox;

    public string Host { get; } = host;
    public DeliveryBuffer Buffer { get; } = buffer;
    public long Samples { get; private set; }

    public IActorRef? Outbox => Volatile.Read(ref _outbox);

    /// <summary>Uses <paramref name="outbox"/> until <paramref name="system"/> terminates.</summary>
    public void Attach(ActorSystem system, IActorRef outbox)
    {
        Volatile.Write(ref _outbox, outbox);
        system.WhenTerminated.ContinueWith(_ => Interlocked.CompareExchange(ref _outbox, null, outbox), TaskScheduler.Default);
    }

    /// <summary>Takes one sample of every series if there is an outbox to hand it to.</summary>
    public void Sample()
    {
        if (Outbox is not { } outbox) return;
        var timestamp = UnixTime.Now();
        var metrics = new Metric[paths.Length];
        for (var j = 0; j < metrics.Length; j++) metrics[j] = new Metric(paths[j], timestamp, Samples);
        Samples++;
        outbox.Tell(new MetricBatch(metrics));
    }
}
