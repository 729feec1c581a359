using Qulo.Actors.Agent;
using Qulo.Actors.Config;
using Serilog;

namespace Qulo.AgentNode;

/// <summary>
/// What a reload (SIGHUP, `qagent reload`) changes in a running agent: its sensors, in place, without
/// leaving the cluster. Everything else (master, naming, network, logging, buffer) needs a restart.
/// </summary>
internal static class AgentReload
{
    private static readonly IReadOnlyList<SensorSettings> NoSensors = [];

    public static void Apply(AgentSettings running, AgentSettings fresh, SensorReloads reloads)
    {
        if (running with { Sensors = NoSensors } != fresh with { Sensors = NoSensors })
            Log.Warning("Reload: only sensor changes take effect now; the other changed settings need `qagent stop` and `start`");
        reloads.Apply(fresh.Sensors);
    }
}
