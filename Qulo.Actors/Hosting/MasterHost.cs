using Akka.Actor;
using Qulo.Actors.Agent;
using Qulo.Actors.Carbon;
using Qulo.Actors.Config;
using Qulo.Actors.Master;
using Serilog;

namespace Qulo.Actors.Hosting;

/// <summary>Runs the qmaster node in the foreground until the token is cancelled (SIGTERM/SIGINT).</summary>
public static class MasterHost
{
    /// <summary>
    /// Serilog's static Log.Logger is configured by the caller before this runs. The metric sink is the
    /// <see cref="CarbonSink"/> (carbon and the plaintext file, as [Graphite] says): the ingest relies on its
    /// protocol (<see cref="CarbonSink.Deliver"/>, backpressure), not only on <see cref="Metrics.MetricBatch"/>es.
    /// </summary>
    public static async Task RunAsync(MasterSettings settings, IReadOnlyList<string> roles, CancellationToken cancellationToken)
    {
        var host = HostIdentity.Resolve(settings.Naming);
        string[] allRoles = [ClusterRoles.Master, .. roles];
        Log.Information("qmaster {Host}: cluster seed {Seed}, roles {Roles}", host, NetworkPlan.SeedAddress(settings.Bind, settings.Tls is not null),
            string.Join(",", allRoles));
        if (settings.Tls is not null) Log.Information("qmaster {Host}: mutual TLS, {Credentials}", host, settings.Tls);
        await ClusterNode.RunRejoiningAsync(
            () => ClusterNode.Build(NetworkPlan.Master(settings.Bind), settings.Bind, allRoles, settings.Logging.Level, (system, _) =>
            {
                var sink = system.ActorOf(CarbonSink.Props(settings.Graphite, host, settings.SelfMetricsInterval), "metric-sink");
                var watcher = system.ActorOf(ClusterWatcher.Props(host, sink, settings.SelfMetricsInterval), ClusterWatcher.ActorName);
                system.ActorOf(MetricIngest.Props(host, sink, watcher, settings.SelfMetricsInterval), MetricIngest.ActorName);
            }, settings.Tls),
            "qmaster " + host, cancellationToken);
        Log.Information("qmaster {Host} stopped", host);
    }
}
