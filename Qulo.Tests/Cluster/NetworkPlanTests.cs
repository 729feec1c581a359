using System.Net;
using Qulo.Actors.Config;
using Qulo.Actors.Hosting;
using Xunit;

namespace Qulo.Tests.Cluster;

public sealed class NetworkPlanTests
{
    private static NetworkPlan Facing(string master, string bindHost = "", int bindPort = 0, string publicHost = "") =>
        NetworkPlan.Facing(new MasterEndpoint(master, 7888), new AgentNetwork(bindHost, bindPort, publicHost));

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    [InlineData("::1")]
    public void An_agent_of_a_master_on_loopback_stays_on_loopback(string master) =>
        Assert.Equal(new NetworkPlan("127.0.0.1", 0, "127.0.0.1"), Facing(master));

    [Fact]
    public void An_agent_of_a_remote_master_listens_everywhere_and_advertises_its_host_name() =>
        Assert.Equal(new NetworkPlan("0.0.0.0", 0, Dns.GetHostName()), Facing("head.example.org"));

    [Fact]
    public void Configured_bind_and_public_hosts_win()
    {
        Assert.Equal(new NetworkPlan("10.1.2.3", 5000, "10.1.2.3"), Facing("10.0.0.1", "10.1.2.3", 5000));
        Assert.Equal(new NetworkPlan("0.0.0.0", 5000, "gateway.example.org"), Facing("10.0.0.1", "0.0.0.0", 5000, "gateway.example.org"));
    }

    [Fact]
    public void The_master_binds_and_advertises_its_configured_address_which_is_the_seed()
    {
        var master = new MasterEndpoint("10.0.0.1", 7888);
        Assert.Equal(new NetworkPlan("10.0.0.1", 7888, "10.0.0.1"), NetworkPlan.Master(master));
        Assert.Equal("akka.tcp://qulo@10.0.0.1:7888", NetworkPlan.SeedAddress(master));
    }
}
