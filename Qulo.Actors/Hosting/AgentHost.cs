using Akka.Actor;
using Qulo.Actors.Agent;
using Qulo.Actors.Config;
using Serilog;

namespace Qulo.Actors.Hosting;

/// <summary>Runs a qagent node in the foreground until the token is cancelled (SIGTERM/SIGINT).</summary>
public static class AgentHost
{
    /// <summary>How long a leaving agent waits for the master to acknowledge its last datapoints.</summary>
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(8);

    /// <summary>
    /// Serilog's static Log.Logger is configured by the caller before this runs. The buffer and the
    /// counters outlive the actor system: when the node is downed (master lost) it starts a fresh
    /// system that joins the master again and delivers what was sampled meanwhile.
    /// </summary>
    public static Task RunAsync(AgentSettings settings, IReadOnlyList<string> roles, CancellationToken cancellationToken) =>
        RunAsync(settings, roles, new SensorReloads(), cancellationToken);

    /// <summary>As above; sensor settings given to <paramref name="reloads"/> replace the running ones in place.</summary>
    public static async Task RunAsync(AgentSettings settings, IReadOnlyList<string> roles, SensorReloads reloads, CancellationToken cancellationToken)
    {
        var host = HostIdentity.Resolve(settings.Naming);
        var buffer = new DeliveryBuffer(settings.BufferSize, new AgentCounters());
        var network = NetworkPlan.Facing(settings.Master, settings.Network);
        string[] allRoles = [ClusterRoles.Agent, .. roles];
        Log.Information("qagent {Host}: {Sensors} sensors, roles {Roles}, listening on {Bind}:{Port} as {Public}, master {Seed}",
            host, settings.Sensors.Count, string.Join(",", allRoles), network.BindHost, network.BindPort, network.PublicHost,
            NetworkPlan.SeedAddress(settings.Master, settings.Tls is not null));
        if (settings.Tls is not null) Log.Information("qagent {Host}: mutual TLS, {Credentials}", host, settings.Tls);

        await ClusterNode.RunRejoiningAsync(
            () => ClusterNode.Build(network, settings.Master, allRoles, settings.Logging.Level,
                (system, _) => StartActors(system, settings, host, allRoles, buffer, reloads), settings.Tls),
            "qagent " + host, cancellationToken);

        var c = buffer.Counters;
        Log.Information("qagent {Host} stopped: sampled {Sampled} datapoints, delivered {Delivered}, dropped {Dropped}, undelivered {Pending}",
            host, c.Sampled, c.Delivered, c.Dropped, buffer.Count + (buffer.InFlight?.Metrics.Count ?? 0));
    }

    private static void StartActors(ActorSystem system, AgentSettings settings, string host, IReadOnlyList<string> roles, DeliveryBuffer buffer,
        SensorReloads reloads)
    {
        var sensorSettings = reloads.CurrentOr(settings.Sensors);
        var sensorNames = sensorSettings.Select(s => s.Info.Name).ToArray();
        var outboxSettings = OutboxSettings.Create(settings.BatchSize);
        var outbox = system.ActorOf(Props.Create(() => new Outbox(host, roles, sensorNames, buffer, outboxSettings)), "outbox");
        system.ActorOf(MasterLocator.Props(outbox), "master-locator");
        var sensors = system.ActorOf(AgentSupervisor.Props(sensorSettings, host, outbox, buffer.Counters, Backoff.Default), "sensors");
        reloads.Attach(sensors);

        // Leaving: stop sampling, then hand the master what is left while the node is still a member.
        CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseBeforeClusterShutdown, "deliver-remaining", async () =>
        {
            await sensors.GracefulStop(TimeSpan.FromSeconds(1));
            try
            {
                var drained = await outbox.Ask<Drained>(Drain.Instance, DrainTimeout);
                if (drained.Pending > 0)
                    Log.Warning("qagent {Host}: {Pending} datapoints not delivered before leaving (kept for the next join)", host, drained.Pending);
            }
            catch (TimeoutException)
            {
                Log.Warning("qagent {Host}: the master did not acknowledge the last datapoints within {Timeout}", host, DrainTimeout);
            }
            return Akka.Done.Instance;
        });
    }
}
