using Akka.Actor;
using Qulo.Actors.Config;

namespace Qulo.Actors.Master;

/// <summary>The actor the master hands every datapoint to.</summary>
public static class MetricSinks
{
    /// <summary>PLACEHOLDER until the carbon branch is merged: replaced by CarbonSink.Props(settings.Graphite).</summary>
    public static Props Default(MasterSettings settings) => Props.Empty;
}
