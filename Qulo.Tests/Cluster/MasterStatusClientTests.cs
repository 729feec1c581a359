using Qulo.Actors.Config;
using Qulo.Actors.Master;
using Qulo.Actors.Serialization;
using Qulo.Tests.Support;
using Xunit;

namespace Qulo.Tests.Cluster;

public sealed class MasterStatusClientTests
{
    [Fact]
    public async Task No_master_at_the_address_is_a_timeout_that_says_where_it_asked()
    {
        var port = FreePort.Next();
        var e = await Assert.ThrowsAsync<TimeoutException>(() => MasterStatusClient.QueryAsync(new MasterEndpoint("127.0.0.1", port), TimeSpan.FromSeconds(1)));
        Assert.Equal($"qmaster at 127.0.0.1:{port} did not answer within 1 s (is it running there?)", e.Message);
    }

    [Fact]
    public void The_status_table_has_one_aligned_line_per_node_with_the_age_of_its_last_report()
    {
        var view = new ClusterView("head", "akka.tcp://qulo@127.0.0.1:7888", Now: 1000, DatapointsReceived: 1234,
        [
            new NodeView("head", "akka.tcp://qulo@127.0.0.1:7888", ["master"], "up", 0, 0, []),
            new NodeView("node1", "akka.tcp://qulo@127.0.0.1:4001", ["agent"], "up", 998.4, 1200, ["CPUPercent", "VirtualMemory"]),
            new NodeView("node2", "akka.tcp://qulo@127.0.0.1:4002", ["agent", "gpu"], "down", 900, 34, ["CPUPercent"]),
        ]);
        var lines = MasterStatusClient.Format(view).TrimEnd().Split('\n');

        Assert.Equal("qmaster head at akka.tcp://qulo@127.0.0.1:7888: 1 of 2 agents up, 1234 datapoints received", lines[0]);
        Assert.Equal("HOST   STATE  ROLES      LAST REPORT  DATAPOINTS  SENSORS  ADDRESS", lines[1]);
        Assert.Equal("head   up     master     never        0           0        akka.tcp://qulo@127.0.0.1:7888", lines[2]);
        Assert.Equal("node1  up     agent      2s ago       1200        2        akka.tcp://qulo@127.0.0.1:4001", lines[3]);
        Assert.Equal("node2  down   agent,gpu  100s ago     34          1        akka.tcp://qulo@127.0.0.1:4002", lines[4]);
    }
}
