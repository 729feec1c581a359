using Akka.Actor;
using Qulo.Actors.Config;

namespace Qulo.Actors.Agent;

/// <summary>
/// Carries reloaded sensor settings (SIGHUP, `qagent reload`) to the running AgentSupervisor. It outlives
/// the agent's actor systems, so an agent that joins the cluster again keeps the reloaded sensors.
/// </summary>
public sealed class SensorReloads
{
    private readonly Lock _lock = new();
    private IReadOnlyList<SensorSettings>? _current;
    private IActorRef? _supervisor;

    public void Apply(IReadOnlyList<SensorSettings> sensors)
    {
        lock (_lock)
        {
            _current = sensors;
            _supervisor?.Tell(new Reconfigure(sensors));
        }
    }

    /// <summary>The sensors a new actor system starts with: the last reloaded ones, else the configured ones.</summary>
    internal IReadOnlyList<SensorSettings> CurrentOr(IReadOnlyList<SensorSettings> configured)
    {
        lock (_lock) return _current ?? configured;
    }

    internal void Attach(IActorRef supervisor)
    {
        lock (_lock) _supervisor = supervisor;
    }
}
