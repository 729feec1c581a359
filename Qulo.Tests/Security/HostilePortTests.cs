using System.Net.Sockets;
using Qulo.Actors.Master;
using Qulo.Tests.Cluster;
using Qulo.Tests.Support;
using Xunit;
using static Qulo.Tests.Cluster.ClusterProcesses;

namespace Qulo.Tests.Security;

/// <summary>
/// The master's cluster port faced with garbage, an oversized frame, a slow writer and half-open
/// connections keeps serving the real agents (raw sockets on 127.0.0.1).
/// </summary>
[Trait(Category.Name, Category.EndToEnd)]
public sealed class HostilePortTests : ClusterTest
{
    [Fact]
    public async Task Garbage_oversized_slow_and_half_open_connections_do_not_stop_the_master_serving_agents()
    {
        var master = Cluster.StartMaster();
        Cluster.StartAgent("node1");
        await Cluster.WaitForAsync("node1 reporting", v => Node(v, "node1", NodeRegistry.StateUp) is { Datapoints: > 0 }, Settle);

        var hostile = new List<TcpClient>();
        try
        {
            // Random bytes, an HTTP request, and a length prefix announcing a 2 GB frame.
            var random = new Random(7888);
            for (var i = 0; i < 20; i++)
            {
                var garbage = new byte[random.Next(1, 4096)];
                random.NextBytes(garbage);
                await SendAndCloseAsync(garbage);
            }
            await SendAndCloseAsync("GET / HTTP/1.1\r\nHost: qulo\r\n\r\n"u8.ToArray());
            await SendAndCloseAsync([0x7f, 0xff, 0xff, 0xff, 1, 2, 3]);

            // Half-open and slow connections that stay around while the agent keeps working.
            for (var i = 0; i < 50; i++)
            {
                var idle = new TcpClient();
                await idle.ConnectAsync(Cluster.Master.Host, Cluster.Master.Port);
                hostile.Add(idle);
            }
            var slow = hostile[0].GetStream();
            for (var i = 0; i < 5; i++)
            {
                await slow.WriteAsync(new byte[] { 0, 0, 0 });
                await Task.Delay(200);
            }

            var before = Node(await Cluster.WaitForAsync("a view", _ => true, Settle), "node1", NodeRegistry.StateUp)!.Datapoints;
            var after = await Cluster.WaitForAsync("node1 still delivering while hostile connections are open",
                v => Node(v, "node1", NodeRegistry.StateUp) is { } n && n.Datapoints > before + 10, Settle);
            Assert.True(ClusterProcesses.IsUp(after, "node1"));

            // A second agent can still join.
            Cluster.StartAgent("node2");
            await Cluster.WaitForAsync("node2 joins", v => Node(v, "node2", NodeRegistry.StateUp) is { Datapoints: > 0 }, Settle);
            Assert.False(master.HasExited, "the master survived\n" + master.Log());
        }
        finally
        {
            foreach (var client in hostile) client.Dispose();
        }
    }

    private async Task SendAndCloseAsync(byte[] payload)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(Cluster.Master.Host, Cluster.Master.Port);
        try
        {
            await client.GetStream().WriteAsync(payload);
        }
        catch (IOException)
        {
            // The master may close on the first bad byte: that is the point.
        }
    }
}
