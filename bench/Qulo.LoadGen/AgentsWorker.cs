using Akka.Actor;
using Microsoft.Extensions.Hosting;
using Qulo.Actors.Agent;
using Qulo.Actors.Config;
using Qulo.Actors.Hosting;

namespace Qulo.LoadGen;

/// <summary>
/// `agents` mode: one cluster node (the agent's own hosting, tuning and serializer) hosting <c>count</c>
/// simulated agents, each with the agent's own Outbox, DeliveryBuffer and MasterLocator under its own
/// host name and producer id; a <see cref="Feeder"/> plays its sensors. Prints one <see cref="AgentReport"/> per agent.
/// </summary>
internal static class AgentsWorker
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(Options o)
    {
        var seed = new MasterEndpoint("127.0.0.1", o.Int("seed-port", Defaults.MasterPort));
        var first = o.Int("first", 0);
        var count = o.Int("count", 25);
        var series = o.Int("series", 100);
        var samplesPerSecond = o.Double("rate", 10_000) / series;
        var start = DateTime.UnixEpoch.AddSeconds(o.Double("start", DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 10));
        var stop = start.AddSeconds(o.Double("seconds", 60));
        var batchSize = o.Int("batch-size", Defaults.AgentBatchSize);
        var bufferSize = o.Int("buffer-size", Defaults.AgentBufferSize);

        var agents = new List<(string Host, DeliveryBuffer Buffer, IActorRef Outbox, IActorRef Feeder)>();
        using var node = ClusterNode.Build(new NetworkPlan("127.0.0.1", 0, "127.0.0.1"), seed, [ClusterRoles.Agent], QuloLogLevel.WARNING,
            (system, _) =>
            {
                for (var i = first; i < first + count; i++)
                {
                    var host = SyntheticSeries.Host(i);
                    var paths = SyntheticSeries.Paths(host, series);
                    var buffer = new DeliveryBuffer(bufferSize, new AgentCounters());
                    string[] roles = [ClusterRoles.Agent];
                    string[] sensors = [SyntheticSeries.Sensor];
                    var outbox = system.ActorOf(Props.Create(() => new Outbox(host, roles, sensors, buffer, OutboxSettings.Create(batchSize))), $"outbox-{host}");
                    system.ActorOf(MasterLocator.Props(outbox), $"master-locator-{host}");
                    var feeder = system.ActorOf(Props.Create(() => new Feeder(outbox, paths, samplesPerSecond, start, stop)), $"feeder-{host}");
                    agents.Add((host, buffer, outbox, feeder));
                }
            });
        await node.StartAsync();
        await Task.Delay(stop - DateTime.UtcNow + TimeSpan.FromSeconds(1));

        var reports = await Task.WhenAll(agents.Select(async a =>
        {
            var samples = await a.Feeder.Ask<long>(Feeder.GetSamples.Instance, TimeSpan.FromSeconds(10));
            int pending;
            try
            {
                pending = (await a.Outbox.Ask<Drained>(Drain.Instance, DrainTimeout)).Pending;
            }
            catch (AskTimeoutException)
            {
                pending = -1;
            }
            return new AgentReport(a.Host, series, samples, a.Buffer.Counters.Dropped, pending);
        }));
        foreach (var report in reports) Console.WriteLine(report);
        await node.StopAsync();
        return 0;
    }
}
