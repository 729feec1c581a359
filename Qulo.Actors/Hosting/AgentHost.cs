using Qulo.Actors.Config;

namespace Qulo.Actors.Hosting;

/// <summary>Runs a qagent node in the foreground until the token is cancelled (SIGTERM/SIGINT) .</summary>
public static class AgentHost
{
    /// <summary>Serilog's static Log.Logger is configured by the caller before this runs.</summary>
    public static Task RunAsync(AgentSettings settings, IReadOnlyList<string> roles, CancellationToken cancellationToken) =>
        throw new NotImplementedException("cluster work in progress");
}
