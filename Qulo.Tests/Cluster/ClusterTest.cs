namespace Qulo.Tests.Cluster;

/// <summary>A test that runs a cluster of real qmaster/qagent processes, removed afterwards.</summary>
public abstract class ClusterTest : IDisposable
{
    /// <summary>Upper bound for a cluster change on a loaded 2-core machine (joins take ~3 s there).</summary>
    protected static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);

    private protected ClusterProcesses Cluster { get; } = new();

    public void Dispose()
    {
        Cluster.Dispose();
        GC.SuppressFinalize(this);
    }
}
