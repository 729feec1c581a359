using System.Net;
using Qulo.Actors.Config;

namespace Qulo.Actors.Hosting;

/// <summary>Where a node listens and the host name it advertises to the others (they must be able to reach it by that name).</summary>
public sealed record NetworkPlan(string BindHost, int BindPort, string PublicHost)
{
    /// <summary>
    /// An agent (or `qmaster status`) facing the given master. An empty bind host means: 127.0.0.1 when
    /// the master is on this machine's loopback, else every interface, advertised under the machine's
    /// host name. An explicit public host (NAT) wins over both.
    /// </summary>
    public static NetworkPlan Facing(MasterEndpoint master, AgentNetwork network)
    {
        var loopback = IsLoopback(master.Host);
        var bind = network.BindHost.Length > 0 ? network.BindHost : loopback ? IPAddress.Loopback.ToString() : IPAddress.Any.ToString();
        var advertised = network.PublicHost.Length > 0 ? network.PublicHost
            : bind != IPAddress.Any.ToString() && bind != IPAddress.IPv6Any.ToString() ? bind
            : Dns.GetHostName();
        return new NetworkPlan(bind, network.BindPort, advertised);
    }

    /// <summary>The master binds and advertises exactly its configured address: agents seed from the same string.</summary>
    public static NetworkPlan Master(MasterEndpoint bind) => new(bind.Host, bind.Port, bind.Host);

    /// <summary>The master's seed-node address as agents (and the master itself) name it; TLS changes the scheme to akka.ssl.tcp.</summary>
    public static string SeedAddress(MasterEndpoint master, bool tls = false) =>
        $"{(tls ? "akka.ssl.tcp" : "akka.tcp")}://{ClusterNode.SystemName}@{master.Host}:{master.Port}";

    private static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
}
