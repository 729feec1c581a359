using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Microsoft.Extensions.Hosting;
using Qulo.Actors.Config;
using Qulo.Actors.Hosting;

namespace Qulo.LoadGen;

/// <summary>
/// `idle-node` mode: the idle-cost baseline. An Akka.Cluster.Hosting node with no actors of its own that
/// joins the master at --seed-port and idles until killed, with `--tuning akka` (Akka's defaults: what a
/// node costs before QULo's tuning) or `--tuning qulo` (the product's own node: ClusterNode with ClusterTuning).
/// </summary>
internal static class IdleNode
{
    public static async Task<int> RunAsync(Options o)
    {
        var seed = new MasterEndpoint("127.0.0.1", o.Int("seed-port", Defaults.MasterPort));
        var tuning = o.String("tuning", "qulo");
        if (tuning == "qulo") ClusterTuning.TuneAgentProcess();
        using var host = tuning switch
        {
            "qulo" => ClusterNode.Build(new NetworkPlan("127.0.0.1", 0, "127.0.0.1"), seed, [ClusterRoles.Agent], QuloLogLevel.WARNING, (_, _) => { }),
            "akka" => AkkaDefaultsNode(seed),
            _ => throw new ArgumentException($"--tuning: '{tuning}' is neither qulo nor akka"),
        };
        await host.RunAsync();
        return 0;
    }

    private static IHost AkkaDefaultsNode(MasterEndpoint seed)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddAkka(ClusterNode.SystemName, akka => akka
            .WithRemoting("127.0.0.1", 0, "127.0.0.1")
            .WithClustering(new ClusterOptions { Roles = [ClusterRoles.Agent], SeedNodes = [NetworkPlan.SeedAddress(seed)] }));
        return builder.Build();
    }
}
