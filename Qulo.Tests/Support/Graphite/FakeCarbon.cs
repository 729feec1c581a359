using System.Net;
using System.Net.Sockets;
using Qulo.Actors.Config;
using Qulo.Actors.Metrics;

namespace Qulo.Tests.Support.Graphite;

/// <summary>How a <see cref="FakeCarbon"/> misbehaves.</summary>
public enum FakeCarbonBehaviour
{
    /// <summary>Reads every frame at once, like a healthy carbon.</summary>
    Healthy,
    /// <summary>Resets every connection (RST: bytes not read yet are discarded) a moment after accepting it.</summary>
    ResetsConnections,
    /// <summary>Half-closes every connection (FIN) a moment after accepting it, and goes on reading until the sender closes.</summary>
    HalfCloses,
    /// <summary>Reads a little at a time through a small receive buffer, so the sender's writes stall.</summary>
    ReadsSlowly,
}

/// <summary>
/// A pickle receiver on 127.0.0.1 that decodes every frame and keeps every datapoint, while
/// misbehaving as told: it shows whether a sender survives a bad carbon without losing points.
/// </summary>
public sealed class FakeCarbon : IAsyncDisposable
{
    /// <summary>How long a connection lives before a misbehaving fake resets or half-closes it.</summary>
    public static readonly TimeSpan ConnectionLifetime = TimeSpan.FromMilliseconds(200);

    private const int SlowReceiveBufferBytes = 4096;
    private static readonly TimeSpan SlowReadPause = TimeSpan.FromMilliseconds(5);

    private readonly TcpListener _listener;
    private readonly FakeCarbonBehaviour _behaviour;
    private readonly int _maxFrameBytes;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Metric> _received = [];
    private readonly List<string> _errors = [];
    private readonly Task _acceptLoop;
    private int _connections;

    /// <param name="port">0 for any free port.</param>
    public FakeCarbon(FakeCarbonBehaviour behaviour, int port = 0, int maxFrameBytes = Defaults.CarbonMaxFrameBytes)
    {
        _behaviour = behaviour;
        _maxFrameBytes = maxFrameBytes;
        _listener = new TcpListener(IPAddress.Loopback, port);
        if (behaviour == FakeCarbonBehaviour.ReadsSlowly) _listener.Server.ReceiveBufferSize = SlowReceiveBufferBytes;
        _listener.Start();
        _acceptLoop = AcceptLoop();
    }

    public CarbonDestination Destination => new("127.0.0.1", ((IPEndPoint)_listener.LocalEndpoint).Port);

    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Every datapoint decoded so far, duplicates included.</summary>
    public IReadOnlyList<Metric> Received
    {
        get { lock (_received) return [.. _received]; }
    }

    /// <summary>Frames that did not decode: none is expected from a correct sender.</summary>
    public IReadOnlyList<string> Errors
    {
        get { lock (_errors) return [.. _errors]; }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try { await _acceptLoop; }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { }
        _stop.Dispose();
    }

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            Interlocked.Increment(ref _connections);
            _ = Serve(client);
        }
    }

    private async Task Serve(TcpClient client)
    {
        using var _ = client;
        Stream stream = client.GetStream();
        if (_behaviour == FakeCarbonBehaviour.ReadsSlowly) stream = new ThrottledStream(stream, SlowReceiveBufferBytes / 2, SlowReadPause);
        using var misbehaviour = _behaviour switch
        {
            FakeCarbonBehaviour.ResetsConnections => new Timer(_ => Misbehave(() => Reset(client.Client)), null, ConnectionLifetime, Timeout.InfiniteTimeSpan),
            FakeCarbonBehaviour.HalfCloses => new Timer(_ => Misbehave(() => client.Client.Shutdown(SocketShutdown.Send)), null, ConnectionLifetime, Timeout.InfiniteTimeSpan),
            _ => null,
        };
        try
        {
            while (await PickleFrameDecoder.ReadFrameAsync(stream, _maxFrameBytes, _stop.Token) is { } points)
                lock (_received) _received.AddRange(points);
        }
        catch (InvalidDataException e)
        {
            lock (_errors) _errors.Add(e.Message);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The sender went away (maybe mid-frame, as carbon also sees it) or the fake is stopping: what was decoded is kept.
        }
    }

    /// <summary>Runs a timed misbehaviour unless the connection has ended meanwhile.</summary>
    private static void Misbehave(Action action)
    {
        try { action(); }
        catch (Exception e) when (e is ObjectDisposedException or SocketException) { }
    }

    private static void Reset(Socket socket)
    {
        socket.LingerState = new LingerOption(true, 0);
        socket.Close();
    }

    /// <summary>Hands out at most a few bytes per read, pausing before each.</summary>
    private sealed class ThrottledStream(Stream inner, int maxBytesPerRead, TimeSpan pause) : Stream
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Delay(pause, cancellationToken);
            return await inner.ReadAsync(buffer[..Math.Min(buffer.Length, maxBytesPerRead)], cancellationToken);
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("read asynchronously");
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
