using System.CommandLine;

namespace Qulo.Actors.Cli;

/// <summary>Options shared by the commands of both programs.</summary>
public static class CommonOptions
{
    public static Option<string?> Config(string defaultFile) => new("--config", "-c")
    {
        Description = $"configuration file, HOCON or the original's INI (default {defaultFile}; absent means all defaults)",
    };

    public static Option<string?> PidFile(string defaultFile, string what) => new("--pidfile", "-p")
    {
        Description = $"pid file {what} (default {defaultFile})",
    };

    public static Option<string[]> Roles() => new("--role")
    {
        Description = "extra cluster role of this node (repeatable), e.g. gpu, login",
        AllowMultipleArgumentsPerToken = false,
    };

    public static Option<int> Timeout(int seconds, string what) => new("--timeout")
    {
        Description = $"seconds to wait {what}",
        DefaultValueFactory = _ => seconds,
    };
}
