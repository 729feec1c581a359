using Qulo.Actors.Agent;
using Qulo.Actors.Cli;
using Qulo.Actors.Config;
using Qulo.Actors.Hosting;
using Qulo.AgentNode;

ClusterTuning.TuneAgentProcess();

var reloads = new SensorReloads();
var program = new DaemonProgram<AgentSettings>(
    "qagent",
    QuloProgram.Agent,
    "QULo agent: samples this node's sensors and sends them to the qmaster",
    Defaults.AgentConfigFile,
    Defaults.AgentPidFile,
    ConfigLoader.LoadAgent,
    settings => settings.Logging,
    (settings, roles, cancellationToken) => AgentHost.RunAsync(settings, roles, reloads, cancellationToken),
    (running, fresh) => AgentReload.Apply(running, fresh, reloads));

return DaemonCommands.Invoke(DaemonCommands.Build(program, SensorsCommand.Create(), TestCommand.Create(program)), args);
