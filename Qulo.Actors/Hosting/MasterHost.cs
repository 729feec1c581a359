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
    /// <summary>Serilog's static Log.Logger is configured by the caller before this runs.</summary>
    public static Task RunAsync(MasterSettings settings, IReadOnlyList<string> roles, CancellationToken cancellationToken) =>
        RunAsync(settings, roles, cancellationToken, CarbonSinkProps);

    /// <summary>The production sink: carbon (and the plaintext file) as [Graphite] says.</summary>
    public static Props CarbonSinkProps(MasterSettings settings) =>
        CarbonSink.Props(settings.Graphite, HostIdentity.Resolve(settings.Naming), settings.SelfMetricsInterval);

    /// <summary>
    /// As <see cref="RunAsync(MasterSettings, IReadOnlyList{string}, CancellationToken)"/>, with the
    /// actor that receives every datapoint (as <see cref="Metrics.MetricBatch"/>es) built by <paramref name="sinkFactory"/>.
    /// </summary>
    public static async Task RunAsync(MasterSettings settings, IReadOnlyList<string> roles, CancellationToken cancellationToken,
        Func<MasterSettings, Props> sinkFactory)
    {
        var host = HostIdentity.Resolve(settings.Naming);
        string[] allRoles = [ClusterRoles.Master, .. roles];
        Log.Information("qmaster {Host}: cluster seed {Seed}, roles {Roles}", host, NetworkPlan.SeedAddress(settings.Bind, settings.Tls is not null),
            string.Join(",", allRoles));
        if (settings.Tls is not null) Log.Information("qmaster {Host}: mutual TLS, {Credentials}", host, settings.Tls);
        await ClusterNode.RunRejoiningAsync(
            () => ClusterNode.Build(NetworkPlan.Master(settings.Bind), settings.Bind, allRoles, settings.Logging.Level, (system, _) =>
            {
                var sink = system.ActorOf(sinkFactory(settings), "metric-sink");
                var watcher = system.ActorOf(ClusterWatcher.Props(host, sink, settings.SelfMetricsInterval), ClusterWatcher.ActorName);
                system.ActorOf(MetricIngest.Props(host, sink, watcher, settings.SelfMetricsInterval), MetricIngest.ActorName);
            }, settings.Tls),
            "qmaster " + host, cancellationToken);
        Log.Information("qmaster {Host} stopped", host);
    }
}
