using Qulo.Actors.Agent;
using Qulo.Actors.Cli;
using Qulo.Actors.Config;
using Qulo.Actors.Hosting;
using Qulo.AgentNode;

// Socket completions run on the runtime's epoll thread instead of hopping through the thread pool:
// one thread wake-up fewer for every message from the master (measured side by side, idle agents
// on the AgentLoop: 47.7 -> 31.1 context switches/s). The runtime reads this variable, only from the environment, when the
// first socket is created; DotNetty's completion callbacks only queue work to its own event loop.
Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");

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
