using System.Globalization;
using System.Text;
using Akka.Actor;
using Akka.Event;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Qulo.Actors.Config;
using Qulo.Actors.Hosting;
using Qulo.Actors.Security;
using Qulo.Actors.Serialization;

namespace Qulo.Actors.Master;

/// <summary>
/// `qmaster status`: asks the running master's <see cref="ClusterWatcher"/> for its view over Akka
/// remoting, from a short-lived actor system that is not a cluster member (joining would disturb
/// the cluster it wants to look at).
/// </summary>
public static class MasterStatusClient
{
    /// <summary>The cluster as text: one line per member (and per host that went away).</summary>
    /// <exception cref="TimeoutException">The master did not answer: it is not running, or not at that address.</exception>
    /// <param name="tls">The master's TLS credentials when its link is TLS: the client presents the same certificate.</param>
    public static async Task<string> QueryAsync(MasterEndpoint master, TimeSpan timeout, TlsCredentials? tls = null) =>
        Format(await QueryViewAsync(master, timeout, tls));

    public static async Task<ClusterView> QueryViewAsync(MasterEndpoint master, TimeSpan timeout, TlsCredentials? tls = null)
    {
        var network = NetworkPlan.Facing(master, new AgentNetwork(BindHost: "", BindPort: 0, PublicHost: ""));
        var builder = ClusterNode.NewHostBuilder();
        builder.Services.AddAkka(ClusterNode.SystemName + "-status", akka => akka
            .WithSerilog(LogLevel.WarningLevel)
            .WithRemoting(network with { BindPort = 0 }, tls)
            .WithQuloSerializer());
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var system = host.Services.GetRequiredService<ActorSystem>();
            var watcher = system.ActorSelection($"{NetworkPlan.SeedAddress(master, tls is not null)}/user/{ClusterWatcher.ActorName}");
            try
            {
                return await watcher.Ask<ClusterView>(StatusRequest.Instance, timeout);
            }
            catch (AskTimeoutException e)
            {
                throw new TimeoutException($"qmaster at {master.Host}:{master.Port} did not answer within {timeout.TotalSeconds:0.#} s (is it running there?)", e);
            }
        }
        finally
        {
            await host.StopAsync();
        }
    }

    public static string Format(ClusterView view)
    {
        var text = new StringBuilder();
        var agents = view.Nodes.Count(n => n.Roles.Contains(ClusterRoles.Agent));
        var up = view.Nodes.Count(n => n.Roles.Contains(ClusterRoles.Agent) && n.State == NodeRegistry.StateUp);
        text.AppendLine(CultureInfo.InvariantCulture,
            $"qmaster {view.MasterHost} at {view.MasterAddress}: {up} of {agents} agents up, {view.DatapointsReceived} datapoints received");
        string[] header = ["HOST", "STATE", "ROLES", "LAST REPORT", "DATAPOINTS", "SENSORS", "ADDRESS"];
        var rows = view.Nodes.Select(n => new[]
        {
            n.Host, n.State, string.Join(",", n.Roles),
            n.LastReport > 0 ? $"{Math.Max(0, view.Now - n.LastReport):0}s ago" : "never",
            n.Datapoints.ToString(CultureInfo.InvariantCulture), n.Sensors.Count.ToString(CultureInfo.InvariantCulture), n.Address,
        }).Prepend(header).ToList();
        var widths = header.Select((_, i) => rows.Max(r => r[i].Length)).ToArray();
        foreach (var row in rows)
            text.AppendLine(string.Join("  ", row.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd());
        return text.ToString();
    }
}
