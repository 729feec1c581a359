using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.SBR;
using Microsoft.Extensions.DependencyInjection;
using Qulo.Actors.Config;
using Qulo.Actors.Hosting;
using Qulo.Tests.Support;
using Xunit;

namespace Qulo.Tests.Cluster;

public sealed class ClusterNodeTests
{
    [Fact]
    public async Task A_node_runs_with_the_tuning_the_split_brain_resolver_and_its_roles()
    {
        var seed = new MasterEndpoint("127.0.0.1", FreePort.Next());
        using var host = ClusterNode.Build(new NetworkPlan("127.0.0.1", 0, "127.0.0.1"), seed, ["agent", "gpu", "agent"], QuloLogLevel.WARNING, (_, _) => { });
        await host.StartAsync();
        try
        {
            var system = host.Services.GetRequiredService<ActorSystem>();
            var config = system.Settings.Config;
            // An agent gets the agent-only tuning over the common one.
            Assert.Equal(TimeSpan.FromSeconds(1), config.GetTimeSpan("akka.scheduler.tick-duration"));
            Assert.Equal(1, config.GetInt("akka.remote.dot-netty.tcp.client-socket-worker-pool.pool-size-max"));
            Assert.Equal(TimeSpan.FromSeconds(4), config.GetTimeSpan("akka.cluster.failure-detector.heartbeat-interval"));
            Assert.Equal(TimeSpan.FromSeconds(4), config.GetTimeSpan("akka.cluster.unreachable-nodes-reaper-interval"));
            Assert.Equal(TimeSpan.FromSeconds(5), config.GetTimeSpan("akka.cluster.split-brain-resolver.stable-after"));
            Assert.Equal("keep-oldest", config.GetString("akka.cluster.split-brain-resolver.active-strategy"));
            Assert.Equal("master", config.GetString("akka.cluster.split-brain-resolver.keep-oldest.role"));
            Assert.False(config.GetBoolean("akka.cluster.split-brain-resolver.keep-oldest.down-if-alone"));
            Assert.Contains(nameof(SplitBrainResolverProvider), config.GetString("akka.cluster.downing-provider-class"));

            var cluster = Akka.Cluster.Cluster.Get(system);
            Assert.Equal(["agent", "gpu"], cluster.SelfRoles.Order());
            Assert.Equal([$"akka.tcp://qulo@127.0.0.1:{seed.Port}"], cluster.Settings.SeedNodes.Select(a => a.ToString()));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Theory]
    [InlineData("master")]
    [InlineData("master", "agent")]
    public void A_master_keeps_the_fine_scheduler_tick_and_the_default_socket_pools(params string[] roles)
    {
        var config = ClusterTuning.For(roles);
        Assert.Equal(TimeSpan.FromMilliseconds(100), config.GetTimeSpan("akka.scheduler.tick-duration"));
        Assert.False(config.HasPath("akka.remote.dot-netty.tcp.client-socket-worker-pool"));
        // Akka's 1 s reaper: the master watches every agent of a small cluster itself.
        Assert.False(config.HasPath("akka.cluster.unreachable-nodes-reaper-interval"));
        Assert.False(config.HasPath("akka.scheduler.agent-loop"));
        Assert.Equal(TimeSpan.FromSeconds(4), config.GetTimeSpan("akka.cluster.failure-detector.heartbeat-interval"));
    }
}
