using Qulo.Actors.Config;

namespace Qulo.Actors.Cli;

/// <summary>
/// What qagent and qmaster differ in; everything else about start/stop/run/check is shared.
/// <see cref="Reload"/> (running settings, re-read settings) applies a configuration re-read on SIGHUP;
/// a program without it ignores SIGHUP.
/// </summary>
public sealed record DaemonProgram<TSettings>(
    string Name,
    QuloProgram Kind,
    string Description,
    string DefaultConfigFile,
    string DefaultPidFile,
    Func<string?, Loaded<TSettings>> Load,
    Func<TSettings, LoggingSettings> Logging,
    Func<TSettings, IReadOnlyList<string>, CancellationToken, Task> Run,
    Action<TSettings, TSettings>? Reload = null);
