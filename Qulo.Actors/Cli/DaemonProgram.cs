using Qulo.Actors.Config;

namespace Qulo.Actors.Cli;

/// <summary>What qagent and qmaster differ in; everything else about start/stop/run/check is shared.</summary>
public sealed record DaemonProgram<TSettings>(
    string Name,
    QuloProgram Kind,
    string Description,
    string DefaultConfigFile,
    string DefaultPidFile,
    Func<string?, Loaded<TSettings>> Load,
    Func<TSettings, LoggingSettings> Logging,
    Func<TSettings, IReadOnlyList<string>, CancellationToken, Task> Run);
