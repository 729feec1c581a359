using System.Globalization;
using System.Text.RegularExpressions;
using Qulo.Actors.Master;
using Qulo.Actors.Serialization;
using Qulo.Tests.Support;
using Xunit;
using Xunit.Abstractions;
using static Qulo.Tests.Cluster.ClusterProcesses;

namespace Qulo.Tests.Cluster;

/// <summary>Real qmaster and qagent processes on 127.0.0.1, each agent with its own host name.</summary>
[Trait(Category.Name, Category.EndToEnd)]
public sealed partial class ClusterEndToEndTests(ITestOutputHelper output) : ClusterTest
{
    private Task<ClusterView> WaitUpAsync(params string[] hosts) =>
        Cluster.WaitForAsync($"{string.Join(", ", hosts)} up and reporting",
            v => hosts.All(h => Node(v, h, NodeRegistry.StateUp) is { Datapoints: > 0 }), Settle);

    [Fact]
    public async Task Agents_join_and_the_master_lists_their_hosts_roles_and_sensors()
    {
        var master = Cluster.StartMaster();
        var node1 = Cluster.StartAgent("node1");
        var node2 = Cluster.StartAgent("node2", FastSensors, "gpu");
        var node3 = Cluster.StartAgent("node3", FastSensors, "login", "gpu");

        var view = await WaitUpAsync("node1", "node2", "node3");
        Assert.Equal(["agent"], Node(view, "node1", "up")!.Roles);
        Assert.Equal(["agent", "gpu"], Node(view, "node2", "up")!.Roles);
        Assert.Equal(["agent", "gpu", "login"], Node(view, "node3", "up")!.Roles);
        Assert.Equal(["CPUPercent", "VirtualMemory"], Node(view, "node1", "up")!.Sensors);
        Assert.Equal(["master"], Assert.Single(view.Nodes, n => n.Host == "head").Roles);

        // On plain TCP an agent's cluster traffic runs on its own transport: one socket thread (the runtime's
        // default is one per CPU) and none of DotNetty's event loops ("SingleThreadEventExecutor").
        Assert.Equal([".NET Sockets"], node1.ThreadNames().Where(n => n.Contains("Sockets") || n.StartsWith("SingleThread")));

        var text = await MasterStatusClient.QueryAsync(Cluster.Master, TimeSpan.FromSeconds(5));
        Assert.Contains("3 of 3 agents up", text);
        Assert.Matches(@"node2\s+up\s+agent,gpu\s+\d+s ago", text);

        // A graceful stop leaves the cluster: the master lists the host as down, the others stay up.
        Assert.Equal(0, node1.Stop());
        await Cluster.WaitForAsync("node1 down after its graceful stop", v => Node(v, "node1", NodeRegistry.StateDown) is not null && IsUp(v, "node2"), Settle);
        AssertDeliveredEverything(node1, "node1");
        Assert.Contains("removed (was Exiting)", master.Log());
        node2.Stop();
        node3.Stop();
    }

    [Fact]
    public async Task An_agent_killed_with_9_is_seen_down_and_rejoins_under_the_same_name()
    {
        var master = Cluster.StartMaster();
        var node1 = Cluster.StartAgent("node1");
        Cluster.StartAgent("node2");
        var before = await WaitUpAsync("node1", "node2");
        var oldAddress = Node(before, "node1", "up")!.Address;

        var killedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        node1.Kill9();
        await Cluster.WaitForAsync("node1 not up any more after kill -9", v => !IsUp(v, "node1") && IsUp(v, "node2"), TimeSpan.FromSeconds(20));
        Assert.Contains($"Member {oldAddress} is unreachable", master.Log());

        // Graphite sees it: HOST.QuloAgent.up went from 1 to 0, and the master counts one agent down.
        // (A 0 may also come first, when the agent's hello beats its move from joining to up.)
        var liveness = Cluster.Received("node1.QuloAgent.up");
        var down = liveness.First(p => p.Value == 0 && p.Timestamp > killedAt);
        Assert.Contains(liveness, p => p.Value == 1 && p.Timestamp < killedAt);
        output.WriteLine($"node1.QuloAgent.up = 0 sent {down.Timestamp - killedAt:0.0} s after kill -9");
        Assert.Contains(Cluster.Received("head.QuloMaster.agents_down"), p => p.Value == 1);

        Cluster.StartAgent("node1");
        var after = await Cluster.WaitForAsync("node1 up again", v => IsUp(v, "node1"), Settle);
        Assert.NotEqual(oldAddress, Node(after, "node1", "up")!.Address);
        Assert.Equal(1, Cluster.Received("node1.QuloAgent.up")[^1].Value);
    }

    [Fact]
    public async Task In_a_cluster_larger_than_the_heartbeat_ring_one_agent_killed_with_9_is_removed_and_every_other_node_stays_up()
    {
        // Eleven nodes: each is watched by nine others (Akka's monitored-by-nr-of-members), so some learn of
        // the death, and of the leader's decision to down the dead node, only through gossip. With Akka's
        // down-all-when-unstable they downed the whole cluster, the master included, some 15 s after the kill.
        var master = Cluster.StartMaster();
        var hosts = Enumerable.Range(1, 10).Select(i => $"node{i}").ToArray();
        var agents = hosts.Select(h => Cluster.StartAgent(h, "VirtualMemory { time_interval = 2 }")).ToArray();
        var before = await WaitUpAsync(hosts);

        // The agent with the lowest port: the leader, or next in line when the master is, which makes the
        // survivors agree on a new leader before anyone decides.
        var victim = hosts.MinBy(h => new Uri(Node(before, h, "up")!.Address.Replace("akka.tcp", "tcp")).Port)!;
        var victimAddress = Node(before, victim, "up")!.Address;
        var killedAt = DateTime.UtcNow;
        agents[Array.IndexOf(hosts, victim)].Kill9();

        var survivors = hosts.Where(h => h != victim).ToArray();
        await Cluster.WaitForAsync($"{victim} down, the nine others up", v => v.Nodes.All(n => n.Address != victimAddress || n.State == NodeRegistry.StateDown) && survivors.All(h => IsUp(v, h)), Settle);
        output.WriteLine($"{victim} down {(DateTime.UtcNow - killedAt).TotalSeconds:0.0} s after kill -9");
        Assert.Contains($"Member {victimAddress} is unreachable", master.Log());

        // Past the moment Akka would have downed everyone (stable-after + 4 s after a node saw the death).
        await Task.Delay(TimeSpan.FromSeconds(12));
        Assert.False(master.HasExited, master.Diagnostics());
        await Cluster.WaitForAsync("the nine others still up", v => survivors.All(h => IsUp(v, h)), TimeSpan.FromSeconds(5));
        foreach (var node in agents.Where(a => !a.HasExited).Prepend(master))
            Assert.DoesNotContain("down all nodes", node.Log());
    }

    [Fact]
    public async Task After_the_master_is_killed_with_9_and_restarted_30_s_later_every_agent_rejoins_and_delivers_what_it_sampled_meanwhile()
    {
        var master = Cluster.StartMaster();
        string[] hosts = ["node1", "node2"];
        var agents = hosts.Select(h => Cluster.StartAgent(h)).ToArray();
        await WaitUpAsync("node1", "node2");

        master.Kill9();
        await Task.Delay(TimeSpan.FromSeconds(30));
        Cluster.StartMaster();
        // The issue's bound: agents back within 30 s of the master's return (its own start included).
        await Cluster.WaitForAsync("both agents back after the master's restart", v => IsUp(v, "node1") && IsUp(v, "node2"), TimeSpan.FromSeconds(30));

        foreach (var (agent, host) in agents.Zip(hosts))
        {
            // What was sampled while the master was away waited in the buffer and went to the new master.
            var waiting = DeliveringLines().Matches(agent.Log()).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
            Assert.True(waiting.Count >= 2 && waiting[^1] >= 30, $"{agent.Name}: datapoints waiting at each (re)connection: {string.Join(", ", waiting)}");
            Assert.Equal(0, agent.Stop());
            AssertDeliveredEverything(agent, host);
        }
        Assert.DoesNotContain("never arrived", Cluster.Diagnostics());
    }

    [Fact]
    public async Task Agents_left_behind_by_a_gracefully_stopped_master_join_its_successor()
    {
        var master = Cluster.StartMaster();
        var node1 = Cluster.StartAgent("node1");
        await WaitUpAsync("node1");

        // No one is unreachable here, so no split-brain resolver acts: the agent must notice the
        // master's departure itself, or it would sit in an agents-only cluster for ever.
        Assert.Equal(0, master.Stop());
        Cluster.StartMaster();
        await Cluster.WaitForAsync("node1 back with the new master", v => IsUp(v, "node1"), Settle);
        Assert.Contains("left the cluster; leaving too", node1.Log());
        Assert.Equal(0, node1.Stop());
        AssertDeliveredEverything(node1, "node1");
    }

    [Fact]
    public async Task A_sensor_that_fails_every_time_is_restarted_with_backoff_while_the_others_keep_reporting()
    {
        Cluster.StartMaster();
        var node1 = Cluster.StartAgent("node1", FastSensors + """

            DiskUsage { time_interval = 1, path = "/nonexistent-qulo-test" }
            """);
        var first = await WaitUpAsync("node1");

        var deadline = DateTime.UtcNow + Settle;
        List<(int Restart, double Delay)> restarts;
        do
        {
            await Task.Delay(1000);
            restarts = [.. RestartLines().Matches(node1.Log()).Select(m =>
                (int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)))];
        } while (restarts.Count < 4 && DateTime.UtcNow < deadline);

        // Logged once per restart with the sensor's name and error; delays 1, 2, 4, 8 s less up to 20% jitter.
        Assert.True(restarts.Count >= 4, Cluster.Diagnostics());
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(i + 1, restarts[i].Restart);
            Assert.InRange(restarts[i].Delay, 0.8 * Math.Pow(2, i) - 0.05, Math.Pow(2, i) + 0.05);
        }
        Assert.Contains("/nonexistent-qulo-test", node1.Log());

        var firstCount = Node(first, "node1", "up")!.Datapoints;
        await Cluster.WaitForAsync("CPUPercent and VirtualMemory still reporting", v => Node(v, "node1", "up") is { } n && n.Datapoints > firstCount + 20, Settle);
    }

    /// <summary>
    /// The agent's last words (everything it sampled was acknowledged by a master, nothing dropped)
    /// against what the masters wrote: every datapoint its sensors produced, once each.
    /// </summary>
    private void AssertDeliveredEverything(NodeProcess agent, string host)
    {
        var match = StoppedLine().Match(agent.Log());
        Assert.True(match.Success, agent.Diagnostics());
        long Count(int group) => long.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);
        var (sampled, delivered, dropped, undelivered) = (Count(1), Count(2), Count(3), Count(4));
        Assert.True(sampled > 0 && delivered >= sampled, $"{agent.Name}: sampled {sampled}, delivered {delivered}");
        Assert.Equal((0L, 0L), (dropped, undelivered));
        Assert.Equal(sampled, Cluster.ReceivedSensorDatapoints(host));
    }

    [GeneratedRegex(@"stopped: sampled (\d+) datapoints, delivered (\d+), dropped (\d+), undelivered (\d+)")]
    private static partial Regex StoppedLine();

    [GeneratedRegex(@"Delivering to master head at \S+; (\d+) datapoints waiting")]
    private static partial Regex DeliveringLines();

    [GeneratedRegex(@"Sensor DiskUsage failed \(SensorException: .*?\); restart (\d+) in ([\d.]+) s")]
    private static partial Regex RestartLines();
}
