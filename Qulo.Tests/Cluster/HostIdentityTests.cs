using Qulo.Actors.Agent;
using Qulo.Actors.Config;
using Xunit;

namespace Qulo.Tests.Cluster;

public sealed class HostIdentityTests
{
    private static string Resolve(string hostname, bool fqdn, string prefix) =>
        HostIdentity.Resolve(new HostNaming(hostname, fqdn, prefix), () => "cn042.hpc.example.org", () => "cn042.hpc.example.org");

    [Theory]
    [InlineData("node1", false, "", "node1")]
    [InlineData("", false, "", "cn042")]
    [InlineData("", true, "", "cn042_hpc_example_org")]
    [InlineData("", false, "site.hpc", "site.hpc.cn042")]
    [InlineData("my host", false, "", "my_host")]
    [InlineData("node1", true, "a b", "a_b.node1")]
    public void Names_the_host_as_configured(string hostname, bool fqdn, string prefix, string expected) =>
        Assert.Equal(expected, Resolve(hostname, fqdn, prefix));
}
