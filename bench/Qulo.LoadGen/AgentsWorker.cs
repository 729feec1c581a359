using Akka.Actor;
using Qulo.Actors.Agent;
using Qulo.Actors.Config;
using Qulo.Actors.Hosting;

namespace Qulo.LoadGen;

/// <summary>
/// `agents` mode: one cluster node (the agent's own hosting, tuning, serializer and re-join loop)
/// hosting <c>count</c> <see cref="SimulatedAgent"/>s, each with the agent's own Outbox, DeliveryBuffer
/// and MasterLocator under its own host name and producer id. Samples at a steady rate from
/// <c>start</c> for <c>seconds</c>, drains, and prints one <see cref="AgentReport"/> per agent.
/// </summary>
internal static class AgentsWorker
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);

    public static async Task<int> RunAsync(Options o)
    {
        var seed = new MasterEndpoint("127.0.0.1", o.Int("seed-port", Defaults.MasterPort));
        var first = o.Int("first", 0);
        var count = o.Int("count", 25);
        var series = o.Int("series", 100);
        var samplesPerSecond = o.Double("rate", 10_000) / series;
        var start = DateTime.UnixEpoch.AddSeconds(o.Double("start", DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 10));
        var stop = start.AddSeconds(o.Double("seconds", 60));
        var outboxSettings = OutboxSettings.Create(o.Int("batch-size", Defaults.AgentBatchSize));
        var bufferSize = o.Int("buffer-size", Defaults.AgentBufferSize);

        var agents = Enumerable.Range(first, count).Select(i => SyntheticSeries.Host(i))
            .Select(host => new SimulatedAgent(host, SyntheticSeries.Paths(host, series), new DeliveryBuffer(bufferSize, new AgentCounters())))
            .ToArray();
        string[] roles = [ClusterRoles.Agent];
        string[] sensors = [SyntheticSeries.Sensor];
        using var stopNode = new CancellationTokenSource();
        var node = ClusterNode.RunRejoiningAsync(() => ClusterNode.Build(new NetworkPlan("127.0.0.1", 0, "127.0.0.1"), seed, roles, QuloLogLevel.WARNING,
            (system, _) =>
            {
                foreach (var agent in agents)
                {
                    var outbox = system.ActorOf(Props.Create(() => new Outbox(agent.Host, roles, sensors, agent.Buffer, outboxSettings)), $"outbox-{agent.Host}");
                    system.ActorOf(MasterLocator.Props(outbox), $"master-locator-{agent.Host}");
                    agent.Attach(system, outbox);
                }
            }), "loadgen agents " + first, stopNode.Token);

        await Sample(agents, samplesPerSecond, start, stop);
        var reports = await Task.WhenAll(agents.Select(async a => new AgentReport(a.Host, series, a.Samples, a.Buffer.Counters.Dropped, await Undelivered(a))));
        foreach (var report in reports) Console.WriteLine(report);
        await stopNode.CancelAsync();
        await node;
        return 0;
    }

    /// <summary>Every tick each agent takes the samples due since <paramref name="start"/>, so the rate holds whatever the tick's jitter.</summary>
    private static async Task Sample(SimulatedAgent[] agents, double samplesPerSecond, DateTime start, DateTime stop)
    {
        if (start > DateTime.UtcNow) await Task.Delay(start - DateTime.UtcNow);
        var due = new long[agents.Length];
        using var timer = new PeriodicTimer(Tick);
        while (true)
        {
            var now = DateTime.UtcNow < stop ? DateTime.UtcNow : stop;
            var target = (long)((now - start).TotalSeconds * samplesPerSecond);
            for (var i = 0; i < agents.Length; i++)
                for (; due[i] < target; due[i]++) agents[i].Sample();
            if (now >= stop) return;
            await timer.WaitForNextTickAsync();
        }
    }

    /// <summary>Datapoints still undelivered after asking the outbox to deliver everything (-1: it did not answer).</summary>
    private static async Task<int> Undelivered(SimulatedAgent agent)
    {
        if (agent.Outbox is not { } outbox) return agent.Buffer.Count;
        try
        {
            return (await outbox.Ask<Drained>(Drain.Instance, DrainTimeout)).Pending;
        }
        catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
        {
            return -1;
        }
    }
}
