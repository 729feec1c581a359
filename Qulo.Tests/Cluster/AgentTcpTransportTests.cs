using System.Net.Sockets;
using System.Text;
using Akka.Actor;
using Akka.Configuration;
using Akka.Remote.Transport;
using Qulo.Actors.Hosting;
using Xunit;

namespace Qulo.Tests.Cluster;

/// <summary>
/// The agent's own remoting transport (AgentTcpTransport): this test kit's system is an agent on it; its peer is a
/// master-tuned system on Akka's DotNetty transport, as in a real cluster.
/// </summary>
public sealed class AgentTcpTransportTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly Akka.Configuration.Config Remoting = ConfigurationFactory.ParseString("""
        akka.actor.provider = remote
        akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
        """);

    private readonly ActorSystem _master;
    private readonly Address _masterAddress, _agentAddress;

    private sealed class Echo : ReceiveActor
    {
        public Echo() => ReceiveAny(message => Sender.Tell(message));
    }

    public AgentTcpTransportTests() : base(Remoting.WithFallback(ClusterTuning.For([ClusterRoles.Agent])))
    {
        _master = ActorSystem.Create(Sys.Name, Remoting.WithFallback(ClusterTuning.For([ClusterRoles.Master])));
        _master.ActorOf(Props.Create(() => new Echo()), "echo");
        Sys.ActorOf(Props.Create(() => new Echo()), "echo");
        _masterAddress = ((ExtendedActorSystem)_master).Provider.DefaultAddress;
        _agentAddress = ((ExtendedActorSystem)Sys).Provider.DefaultAddress;
    }

    protected override void AfterAll()
    {
        _master.Terminate().Wait(TimeSpan.FromSeconds(10));
        base.AfterAll();
    }

    [Fact]
    public void An_agent_runs_on_its_own_transport_and_its_peer_on_DotNetty()
    {
        Assert.Equal(typeof(AgentTcpTransport).FullName + ", Qulo.Actors", Sys.Settings.Config.GetString("akka.remote.dot-netty.tcp.transport-class"));
        Assert.Contains("DotNetty", _master.Settings.Config.GetString("akka.remote.dot-netty.tcp.transport-class"));
        Assert.Equal("akka.tcp", _agentAddress.Protocol);
    }

    [Fact]
    public void Messages_small_and_larger_than_one_read_go_both_ways_in_order()
    {
        // Sizes around the connection's 8 KB read buffer, and a frame near Akka's 128,000-byte limit.
        var sizes = new[] { 1, 100, 8_000, 8_192, 20_000, 100_000, 3, 64_000 };
        foreach (var (from, to) in new[] { (Sys, _masterAddress), (_master, _agentAddress) })
        {
            var probe = CreateTestProbe(from);
            var echo = from.ActorSelection(new RootActorPath(to) / "user" / "echo");
            foreach (var size in sizes) echo.Tell(new string('q', size) + size, probe.Ref);
            foreach (var size in sizes)
                Assert.Equal(new string('q', size) + size, probe.ExpectMsg<string>(TimeSpan.FromSeconds(10)));
        }
    }

    [Theory]
    [InlineData("an HTTP request", "GET / HTTP/1.1\r\nHost: node\r\n\r\n")]
    [InlineData("a length past the frame limit", "\xff\xff\xff\x7f")]
    public async Task Garbage_on_the_agents_port_closes_that_connection_with_an_error_naming_it_and_the_agent_talks_on(string what, string garbage)
    {
        using var stranger = new TcpClient();
        await stranger.ConnectAsync(_agentAddress.Host, _agentAddress.Port!.Value);
        await EventFilter.Error(contains: "outside maximum-frame-size").ExpectOneAsync(async () =>
            await stranger.GetStream().WriteAsync(Encoding.Latin1.GetBytes(garbage)));

        // The agent closed the connection: the stranger reads the end of the stream (or a reset).
        var buffer = new byte[16];
        var read = -1;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            read = await stranger.GetStream().ReadAsync(buffer, timeout.Token);
        }
        catch (IOException)
        {
            read = 0;
        }
        Assert.True(read == 0, $"after {what} the connection stayed open");

        var probe = CreateTestProbe();
        Sys.ActorSelection(new RootActorPath(_masterAddress) / "user" / "echo").Tell("still here", probe.Ref);
        probe.ExpectMsg("still here", TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_peer_that_stops_reading_makes_Write_ask_Akka_to_hold_on_and_every_accepted_frame_arrives_in_order()
    {
        using var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        listener.Listen(1);
        var client = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(listener.LocalEndPoint!);
        using var peer = await listener.AcceptAsync();
        using var loop = new AgentLoop(TimeSpan.FromSeconds(1), Akka.Event.NoLogger.Instance);
        var here = new Address("akka.tcp", "qulo", "127.0.0.1", 1);
        var connection = new AgentTcpConnection(client, here, here, loop, 128_000, TimeSpan.FromSeconds(1), Akka.Event.NoLogger.Instance, _ => { });

        // The peer reads nothing: frames queue in the kernel's buffers, then in the connection, until it says no.
        var frame = new byte[100_000];
        var accepted = 0;
        while (accepted < 1000)
        {
            frame.AsSpan(0, 4).Fill((byte)accepted);
            if (!connection.Write(Google.Protobuf.ByteString.CopyFrom(frame))) break;
            accepted++;
        }
        Assert.InRange(accepted, 40, 999); // at least its 4 MB, and not without end

        // The peer reads again: every accepted frame arrives whole, in order, and nothing else.
        using var stream = new NetworkStream(peer);
        var header = new byte[4];
        var body = new byte[frame.Length];
        for (var i = 0; i < accepted; i++)
        {
            await stream.ReadExactlyAsync(header);
            Assert.Equal(frame.Length, BitConverter.ToInt32(header));
            await stream.ReadExactlyAsync(body);
            Assert.True(body.AsSpan(0, 4).IndexOfAnyExcept((byte)i) < 0, $"frame {i} out of order");
        }
        await connection.CloseAsync();
        Assert.Equal(0, await stream.ReadAsync(header));
    }

    private sealed class Inbound : IAssociationEventListener, IHandleEventListener
    {
        public TaskCompletionSource<AssociationHandle> First { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public void Notify(IAssociationEvent ev) => First.TrySetResult(((InboundAssociation)ev).Association);
        public void Notify(IHandleEvent ev) { }
    }

    [Fact]
    public async Task An_agent_restarted_on_a_fixed_port_binds_while_its_last_connection_is_in_TIME_WAIT()
    {
        // .NET binds with SO_REUSEADDR on Linux, as DotNetty asks for: a bind-port set for a firewall survives a restart.
        var port = Support.FreePort.Next();
        var config = ConfigurationFactory.ParseString($"hostname = \"127.0.0.1\", port = {port}");
        var first = new AgentTcpTransport(Sys, config);
        var (_, associations) = await first.Listen();
        var inbound = new Inbound();
        associations.SetResult(inbound);
        using (var peer = new TcpClient())
        {
            await peer.ConnectAsync("127.0.0.1", port);
            var handle = (AgentTcpConnection)await inbound.First.Task.WaitAsync(TimeSpan.FromSeconds(5));
            handle.ReadHandlerSource.SetResult(inbound);
            // The agent closes first, so its side of the connection is left in TIME_WAIT on the port.
            var closing = handle.CloseAsync();
            Assert.Equal(0, await peer.GetStream().ReadAsync(new byte[1]));
            peer.Close();
            await closing;
        }
        await first.Shutdown();
        // The listener is dual-stack, as DotNetty's: its connections are listed with the IPv6 ones.
        Assert.Contains(File.ReadLines("/proc/net/tcp6").Skip(1).Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)),
            fields => fields[1].EndsWith($":{port:X4}") && fields[3] == "06"); // TIME_WAIT

        var second = new AgentTcpTransport(Sys, config);
        var (address, _) = await second.Listen();
        Assert.Equal(port, address.Port);
        await second.Shutdown();
    }

    [Fact]
    public async Task A_connection_Akka_closes_before_it_ever_read_is_forgotten()
    {
        var transport = new AgentTcpTransport(Sys, ConfigurationFactory.ParseString("hostname = \"127.0.0.1\", port = 0"));
        var (address, associations) = await transport.Listen();
        var inbound = new Inbound();
        associations.SetResult(inbound);
        using var peer = new TcpClient();
        await peer.ConnectAsync("127.0.0.1", address.Port!.Value);
        var handle = (AgentTcpConnection)await inbound.First.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(1, transport.ConnectionCount);

        // A handshake that failed: Akka disassociates without ever having set a reader.
        await handle.CloseAsync();
        Assert.Equal(0, transport.ConnectionCount);
        await transport.Shutdown();
    }

    [Fact]
    public void The_transport_refuses_TLS_rather_than_sending_in_the_clear()
    {
        var tls = ConfigurationFactory.ParseString("akka.remote.dot-netty.tcp.enable-ssl = on")
            .WithFallback(Sys.Settings.Config).GetConfig("akka.remote.dot-netty.tcp");
        var refusal = Assert.Throws<ConfigurationException>(() => new AgentTcpTransport(Sys, tls));
        Assert.Contains("plain TCP only", refusal.Message);
        // An agent with TLS is given Akka's transport instead.
        Assert.DoesNotContain(nameof(AgentTcpTransport), ClusterTuning.For([ClusterRoles.Agent], tls: true).GetString("akka.remote.dot-netty.tcp.transport-class", ""));
    }
}
