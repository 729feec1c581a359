using Qulo.Actors.Metrics;
using Qulo.Actors.Serialization;

namespace Qulo.Actors.Agent;

/// <summary>
/// What the agent has sampled and the master has not yet acknowledged: a bounded queue (oldest dropped
/// and counted when full) plus the one batch in flight. It belongs to the process, not to an actor
/// system, so a cluster re-join (a fresh actor system) resends the batch in flight and keeps the queue.
/// Only the current Outbox actor touches it.
/// </summary>
public sealed class DeliveryBuffer(int capacity, AgentCounters counters)
{
    private readonly Queue<Metric> _queue = new();
    private long _nextSeq = 1;

    /// <summary>Names this process's delivery stream; the master numbers batches per producer.</summary>
    public string ProducerId { get; } = Guid.NewGuid().ToString("N");

    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity), "the buffer must hold at least one datapoint");

    public AgentCounters Counters { get; } = counters;

    /// <summary>Datapoints waiting, the batch in flight not included.</summary>
    public int Count => _queue.Count;

    public DeliveryBatch? InFlight { get; private set; }

    /// <summary>Queues datapoints, dropping the oldest queued ones beyond <see cref="Capacity"/>.</summary>
    public void Add(IReadOnlyList<Metric> metrics)
    {
        foreach (var metric in metrics) _queue.Enqueue(metric);
        var excess = _queue.Count - Capacity;
        if (excess <= 0) return;
        for (var i = 0; i < excess; i++) _queue.Dequeue();
        Counters.AddDropped(excess);
    }

    /// <summary>
    /// The batch to send: the one in flight, else a new one of at most <paramref name="maxCount"/>
    /// datapoints and <paramref name="maxBytes"/> encoded bytes. Null when there is nothing to send.
    /// </summary>
    public DeliveryBatch? NextBatch(int maxCount, int maxBytes)
    {
        if (InFlight is not null) return InFlight;
        if (_queue.Count == 0) return null;
        var metrics = new List<Metric>(Math.Min(maxCount, _queue.Count));
        var bytes = 0;
        while (metrics.Count < maxCount && _queue.TryPeek(out var next))
        {
            bytes += QuloSerializer.MaxEncodedSize(next);
            if (bytes > maxBytes && metrics.Count > 0) break;
            metrics.Add(_queue.Dequeue());
        }
        InFlight = new DeliveryBatch(ProducerId, _nextSeq++, metrics);
        return InFlight;
    }

    /// <summary>Completes the batch in flight when the ack is for it; returns whether it was.</summary>
    public bool Acknowledge(long seq)
    {
        if (InFlight is null || InFlight.Seq != seq) return false;
        Counters.AddDelivered(InFlight.Metrics.Count);
        InFlight = null;
        return true;
    }
}
