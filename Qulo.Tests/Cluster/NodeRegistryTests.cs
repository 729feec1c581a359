using Akka.Actor;
using Akka.Cluster;
using Qulo.Actors.Master;
using Xunit;

namespace Qulo.Tests.Cluster;

public sealed class NodeRegistryTests
{
    private readonly NodeRegistry _registry = new("head");

    private static readonly string[] AgentRoles = ["agent"];

    private static Address At(int port) => new("akka.tcp", "qulo", "127.0.0.1", port);

    private static UniqueAddress Member(int port, int uid = 1) => new(At(port), uid);

    private string? Status(int port, MemberStatus status, int uid = 1) => _registry.SetStatus(Member(port, uid), AgentRoles, status);

    [Fact]
    public void An_agent_is_up_once_it_is_an_up_member_that_said_hello_and_down_while_unreachable()
    {
        _registry.Register(At(4001), "node1", ["CPUPercent"]); // the hello can overtake the cluster event
        Assert.Empty(_registry.Liveness());

        Assert.Equal("node1", Status(4001, MemberStatus.Joining));
        Assert.False(_registry.Liveness()["node1"]);
        Status(4001, MemberStatus.Up);
        Assert.True(_registry.Liveness()["node1"]);

        Assert.Equal("node1", _registry.SetReachable(Member(4001), reachable: false));
        Assert.False(_registry.Liveness()["node1"]);
        Assert.Equal("unreachable", Assert.Single(_registry.View()).State);
        _registry.SetReachable(Member(4001), reachable: true);
        Assert.True(_registry.Liveness()["node1"]);
    }

    [Fact]
    public void A_removed_agent_stays_listed_as_down_until_it_comes_back_under_the_same_name()
    {
        Status(4001, MemberStatus.Up);
        _registry.Register(At(4001), "node1", ["CPUPercent"]);
        _registry.Reported(At(4001), 10, 1000);

        Assert.Equal("node1", _registry.Remove(Member(4001)));
        Assert.False(_registry.Liveness()["node1"]);
        var gone = Assert.Single(_registry.View());
        Assert.Equal(("node1", NodeRegistry.StateDown, 10L, 1000.0), (gone.Host, gone.State, gone.Datapoints, gone.LastReport));

        // Restarted with port 0: a new address, the same host name, the count goes on.
        Status(4002, MemberStatus.Up, uid: 2);
        _registry.Register(At(4002), "node1", ["CPUPercent"]);
        _registry.Reported(At(4002), 5, 1100);
        var back = Assert.Single(_registry.View());
        Assert.Equal(("node1", NodeRegistry.StateUp, 15L, "akka.tcp://qulo@127.0.0.1:4002"), (back.Host, back.State, back.Datapoints, back.Address));
        Assert.True(_registry.Liveness()["node1"]);
        Assert.Equal(15, _registry.DatapointsReceived);
    }

    [Fact]
    public void Members_without_a_hello_are_listed_but_not_counted_as_agent_hosts()
    {
        _registry.SetStatus(Member(7888, uid: 9), ["master"], MemberStatus.Up);
        Status(4001, MemberStatus.Joining);

        Assert.Empty(_registry.Liveness());
        Assert.Equal(["(no hello yet)", "head"], _registry.View().Select(v => v.Host));
        Assert.Equal(2, _registry.MemberCount);
    }
}
