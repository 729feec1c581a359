using Qulo.Actors.Agent;
using Qulo.Actors.Metrics;

namespace Qulo.Tests.Cluster;

/// <summary>What a sensor actor tells the outbox besides its readings: a read started, a read ended with nothing.</summary>
internal static class OutboxBookkeeping
{
    public static bool Is(object message) => message is ReadStarted or MetricBatch { Metrics.Count: 0 };
}
