namespace Qulo.Tests.Cluster;

/// <summary>A test that runs a cluster of real qmaster/qagent processes, removed afterwards.</summary>
public abstract class ClusterTest : IDisposable
{
    /// <summary>Upper bound for a cluster change on a loaded 2-core machine (joins take ~3 s there).</summary>
    protected static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);

    private protected ClusterProcesses Cluster { get; } = new();

    private protected Task WaitForLogAsync(NodeProcess process, string text) =>
        WaitUntilAsync($"'{text}' in {process.Name}'s log", () => process.Log().Contains(text));

    protected async Task WaitUntilAsync(string what, Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Settle;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"not within {Settle.TotalSeconds} s: {what}\n{Cluster.Diagnostics()}");
            await Task.Delay(250);
        }
    }

    public void Dispose()
    {
        Cluster.Dispose();
        GC.SuppressFinalize(this);
    }
}
