using Microsoft.Extensions.Hosting;

namespace Qulo.Actors.Hosting;

/// <summary>
/// A host lifetime that leaves SIGTERM/SIGINT to the caller (the CLI cancels the token given to
/// RunAsync). With the default console lifetime both would react to one signal, and a node stopped
/// by its own lifetime could not be told apart from one the cluster shut down.
/// </summary>
internal sealed class CallerOwnedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
