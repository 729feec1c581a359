using Qulo.Actors.Config;

namespace Qulo.Actors.Agent;

/// <summary>A reloaded configuration's sensors, for the <see cref="AgentSupervisor"/> to apply in place.</summary>
public sealed record Reconfigure(IReadOnlyList<SensorSettings> Sensors);
