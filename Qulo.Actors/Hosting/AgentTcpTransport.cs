using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Configuration;
using Akka.Event;
using Akka.Remote.Transport;

namespace Qulo.Actors.Hosting;

/// <summary>
/// Akka remoting's TCP transport for an agent (<c>akka.remote.dot-netty.tcp.transport-class</c>,
/// ClusterTuning.AgentTransportHocon): the frames of Akka's DotNetty transport (a 4-byte little-endian
/// length, then the payload), so an agent talks to a master and to agents that run DotNetty, without
/// DotNetty's event-loop threads. A frame that arrives is handled, and answered, on the thread that
/// received it while the agent's loop is idle (<see cref="AgentLoop.RunHere"/>), and a frame the agent
/// sends goes out on the thread that sent it: one wake-up for a heartbeat and its answer, where DotNetty
/// took three threads (bench/results/findings.md, section 4e). Plain TCP only: with TLS the agent keeps DotNetty.
/// </summary>
public sealed class AgentTcpTransport : Transport
{
    private readonly AgentLoop _loop;
    private readonly ILoggingAdapter _log;
    private readonly TaskCompletionSource<IAssociationEventListener> _inbound = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<AgentTcpConnection, byte> _connections = new();
    private readonly string _bindHost, _publicHost;
    private readonly int _bindPort, _publicPort;
    private readonly TimeSpan _connectTimeout, _flushWait;
    private Socket? _listener;
    private volatile bool _shutDown;
    private Address? _localAddress;

    public AgentTcpTransport(ActorSystem system, Akka.Configuration.Config config)
    {
        (System, Config) = (system, config);
        if (config.GetBoolean("enable-ssl", false))
            throw new ConfigurationException($"{nameof(AgentTcpTransport)} carries plain TCP only; a node with TLS keeps Akka's DotNetty transport");
        _loop = system.Scheduler is AgentLoopScheduler scheduler
            ? scheduler.Loop
            : throw new ConfigurationException($"{nameof(AgentTcpTransport)} needs akka.scheduler.implementation = \"{typeof(AgentLoopScheduler).FullName}, Qulo.Actors\"");
        _log = Akka.Event.Logging.GetLogger(system, this);
        SchemeIdentifier = "tcp";
        MaximumPayloadBytes = config.GetByteSize("maximum-frame-size", null) ?? 128000;
        _bindHost = config.GetString("hostname", null) is { Length: > 0 } host ? host : IPAddress.Any.ToString();
        _publicHost = config.GetString("public-hostname", null) is { Length: > 0 } publicHost ? publicHost : _bindHost;
        _bindPort = config.GetInt("port", 2552);
        _publicPort = config.GetInt("public-port", 0);
        _connectTimeout = config.GetTimeSpan("connection-timeout", TimeSpan.FromSeconds(15));
        _flushWait = system.Settings.Config.GetTimeSpan("akka.remote.flush-wait-on-shutdown", TimeSpan.FromSeconds(2));
    }

    /// <summary>Connections open or closing; the transport forgets one once it is closed.</summary>
    internal int ConnectionCount => _connections.Count;

    public override bool IsResponsibleFor(Address remote) => true;

    public override async Task<(Address, TaskCompletionSource<IAssociationEventListener>)> Listen()
    {
        var endpoint = new IPEndPoint(await ResolveAsync(_bindHost), _bindPort);
        var listener = NewSocket();
        try
        {
            listener.Bind(endpoint);
            listener.Listen(512);
        }
        catch (SocketException e)
        {
            listener.Dispose();
            throw new Akka.Remote.RemoteTransportException($"Failed to bind to [{endpoint}]: {e.Message}", e);
        }
        _listener = listener;
        var bound = (IPEndPoint)listener.LocalEndPoint!;
        _localAddress = new Address(SchemeIdentifier, System.Name, HostOf(_publicHost, bound.Address), _publicPort > 0 ? _publicPort : bound.Port);
        _ = _inbound.Task.ContinueWith(t => AcceptAsync(listener, t.Result), TaskContinuationOptions.OnlyOnRanToCompletion);
        return (_localAddress, _inbound);
    }

    private async Task AcceptAsync(Socket listener, IAssociationEventListener associations)
    {
        while (true)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is ObjectDisposedException || _shutDown)
            {
                return;
            }
            catch (SocketException e)
            {
                // Out of file descriptors, say: name it and keep accepting, rather than go deaf for good.
                _log.Warning("Accepting a connection on {0} failed: {1}; trying again in 1 s", _localAddress, e.Message);
                await Task.Delay(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
                continue;
            }
            try
            {
                var remote = (IPEndPoint)socket.RemoteEndPoint!;
                associations.Notify(new InboundAssociation(Open(socket, new Address(SchemeIdentifier, System.Name, HostOf(null, remote.Address), remote.Port))));
            }
            catch (SocketException)
            {
                socket.Dispose(); // the peer left before it was looked at
            }
        }
    }

    public override async Task<AssociationHandle> Associate(Address remoteAddress)
    {
        if (_listener is null) throw new InvalidAssociationException("Transport is not bound");
        if (remoteAddress.Port is not { } port) throw new InvalidAssociationException($"No port in {remoteAddress}");
        var socket = NewSocket();
        try
        {
            var endpoint = new IPEndPoint(await ResolveAsync(remoteAddress.Host), port);
            using var timeout = new CancellationTokenSource(_connectTimeout);
            await socket.ConnectAsync(endpoint, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            socket.Dispose();
            throw new InvalidAssociationException($"Failed to associate with {remoteAddress}: {(e is OperationCanceledException ? $"no connection within {_connectTimeout}" : e.Message)}", e);
        }
        return Open(socket, remoteAddress);
    }

    private AgentTcpConnection Open(Socket socket, Address remoteAddress)
    {
        var local = (IPEndPoint)socket.LocalEndPoint!;
        var connection = new AgentTcpConnection(socket, new Address(SchemeIdentifier, System.Name, HostOf(_bindHost, local.Address), local.Port),
            remoteAddress, _loop, (int)MaximumPayloadBytes, _flushWait, _log, closed => _connections.TryRemove(closed, out _));
        _connections[connection] = 0;
        return connection;
    }

    public override async Task<bool> Shutdown()
    {
        _shutDown = true;
        _listener?.Dispose();
        var closing = _connections.Keys.Select(connection => connection.CloseAsync()).ToArray();
        await Task.WhenAll(closing).ConfigureAwait(false);
        return true;
    }

    /// <summary>A dual-stack TCP socket, as DotNetty's (IPv4 peers on an IPv6 listener), with its options.</summary>
    private static Socket NewSocket()
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
        return socket;
    }

    private static async Task<IPAddress> ResolveAsync(string host)
    {
        if (IPAddress.TryParse(host.Trim('[', ']'), out var address)) return address;
        var addresses = await Dns.GetHostAddressesAsync(host).ConfigureAwait(false);
        return addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault()
            ?? throw new InvalidAssociationException($"No address for host {host}");
    }

    /// <summary>The host part of an address, as DotNetty writes it: the configured name or IP, else the socket's IP (IPv6 in brackets).</summary>
    private static string HostOf(string? configured, IPAddress socketAddress)
    {
        var address = socketAddress;
        if (configured is { Length: > 0 })
        {
            if (!IPAddress.TryParse(configured, out var parsed)) return configured;
            if (!parsed.Equals(IPAddress.Any) && !parsed.Equals(IPAddress.IPv6Any)) address = parsed;
        }
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        return address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
    }
}
