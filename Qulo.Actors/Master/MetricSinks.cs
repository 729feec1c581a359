using Akka.Actor;
using Qulo.Actors.Agent;
using Qulo.Actors.Carbon;
using Qulo.Actors.Config;

namespace Qulo.Actors.Master;

/// <summary>The actor the master hands every datapoint to.</summary>
public static class MetricSinks
{
    /// <summary>The CarbonSink: carbon (when [Graphite] is enabled) and the plaintext file (when set).</summary>
    public static Props Default(MasterSettings settings) =>
        CarbonSink.Props(settings.Graphite, HostIdentity.Resolve(settings.Naming), settings.SelfMetricsInterval);
}
