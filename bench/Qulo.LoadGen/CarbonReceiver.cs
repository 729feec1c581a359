using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Qulo.LoadGen;

/// <summary>
/// Stands in for carbon-cache's pickle receiver on 127.0.0.1: reads length-prefixed frames from every
/// connection and hands each to the <see cref="SeriesVerifier"/>. A frame over carbon's size limit or a
/// connection cut mid-frame is reported and ends that connection only.
/// </summary>
internal sealed class CarbonReceiver : IDisposable
{
    /// <summary>Carbon's default PICKLE_RECEIVER_MAX_LENGTH.</summary>
    public const int MaxFrameBytes = 1 << 20;

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<string> _errors = [];

    public CarbonReceiver(SeriesVerifier verifier)
    {
        Verifier = verifier;
        _listener.Start();
        _ = AcceptLoop();
    }

    public SeriesVerifier Verifier { get; }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int Connections { get; private set; }

    public IReadOnlyList<string> Errors { get { lock (_errors) return [.. _errors]; } }

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try { socket = await _listener.AcceptSocketAsync(_stop.Token); }
            catch (OperationCanceledException) { return; }
            Connections++;
            _ = Task.Run(() => ReadFrames(socket));
        }
    }

    private async Task ReadFrames(Socket socket)
    {
        using var _ = socket;
        await using var stream = new NetworkStream(socket);
        var prefix = new byte[4];
        try
        {
            while (true)
            {
                if (!await ReadExactly(stream, prefix)) return;
                var length = BinaryPrimitives.ReadInt32BigEndian(prefix);
                if (length is <= 0 or > MaxFrameBytes) throw new InvalidDataException($"frame length {length} outside 1..{MaxFrameBytes}");
                var pickle = new byte[length];
                if (!await ReadExactly(stream, pickle)) throw new InvalidDataException($"connection closed inside a frame of {length} bytes");
                var arrival = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
                lock (Verifier) Verifier.Accept(pickle, arrival);
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException or SocketException or OperationCanceledException)
        {
            lock (_errors) _errors.Add(e.Message);
        }
    }

    /// <summary>False when the peer closed before the first byte; throws when it closes part way.</summary>
    private async Task<bool> ReadExactly(NetworkStream stream, byte[] buffer)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read), _stop.Token);
            if (n == 0)
            {
                if (read == 0) return false;
                throw new EndOfStreamException($"connection closed after {read} of {buffer.Length} bytes");
            }
            read += n;
        }
        return true;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
    }
}
