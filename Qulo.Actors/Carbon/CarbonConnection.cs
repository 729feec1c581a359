using System.Net.Sockets;
using Akka.Actor;
using Akka.Event;
using Qulo.Actors.Config;
using Qulo.Actors.Metrics;

namespace Qulo.Actors.Carbon;

/// <summary>
/// The one TCP connection to one carbon-cache, with its buffer. Socket outcomes come back as messages
/// (never exceptions), so losing carbon never restarts the actor or loses its buffer.
/// <list type="bullet">
/// <item>One write in flight: while carbon reads slowly (TCP flow control), points wait in the bounded
/// buffer rather than in an unbounded queue of writes.</item>
/// <item>A read loop notices carbon closing (a read of 0 bytes) or resetting the connection.</item>
/// <item>On a lost connection the points of the replay window are written again after reconnecting;
/// reconnects back off from <see cref="ConnectionTuning.MinBackoff"/> to <see cref="ConnectionTuning.MaxBackoff"/>.</item>
/// </list>
/// </summary>
internal sealed class CarbonConnection : ReceiveActor, IWithTimers
{
    /// <summary>Points for this destination.</summary>
    public sealed record Enqueue(IReadOnlyList<Metric> Points);

    /// <summary>Write everything buffered now; answer <see cref="Drained"/> once nothing is left.</summary>
    public sealed record Drain
    {
        public static readonly Drain Instance = new();
    }

    public sealed record Drained(CarbonDestination Destination);

    public sealed record GetStats
    {
        public static readonly GetStats Instance = new();
    }

    /// <summary>Told to the parent when the unsent points pass the high-water mark (High) or fall back to the low one.</summary>
    public sealed record Pressure(CarbonDestination Destination, bool High, long Unsent);

    private sealed record Connect(int Generation);
    private sealed record Connected(int Generation, Socket Socket);
    private sealed record ConnectFailed(int Generation, string Reason);
    private sealed record ReadCompleted(int Generation, int Bytes);
    private sealed record WriteCompleted(int Generation, long End, int Frames, int Points, int Bytes);
    private sealed record ConnectionLost(int Generation, string Reason);
    private sealed record FlushTick
    {
        public static readonly FlushTick Instance = new();
    }

    private readonly CarbonDestination _destination;
    private readonly GraphiteSettings _settings;
    private readonly ConnectionTuning _tuning;
    private readonly DatapointBuffer _buffer;
    private readonly PickleFrameWriter _writer = new();
    private readonly FrameLimits _limits;
    /// <summary>Writes on the current connection not yet forgotten: where each ended in the buffer and in the byte stream.</summary>
    private readonly Queue<(long End, long StreamEnd, DateTime WrittenAt)> _replayable = new();
    private readonly List<IActorRef> _drainWaiters = [];
    private readonly byte[] _readBuffer = new byte[4096];
    private readonly ILoggingAdapter _log = Context.GetLogger();

    private Socket? _socket;
    private int _generation;
    private bool _writing;
    private bool _everConnected;
    private bool _garbageLogged;
    private int _failuresInARow;
    private TimeSpan _backoff = TimeSpan.Zero;
    private long _streamBytes;
    private long _sent, _frames, _reconnects, _oversized;
    private bool _pressureHigh;

    public CarbonConnection(CarbonDestination destination, GraphiteSettings settings, int bufferCapacity, ConnectionTuning tuning)
    {
        _destination = destination;
        _settings = settings;
        _tuning = tuning;
        _buffer = new DatapointBuffer(bufferCapacity);
        _limits = new FrameLimits(settings.BatchSize, settings.MaxFrameBytes);

        Receive<Enqueue>(OnEnqueue);
        Receive<FlushTick>(_ => OnFlushTick());
        Receive<Connect>(m => { if (m.Generation == _generation) StartConnect(); });
        Receive<Connected>(OnConnected);
        Receive<ConnectFailed>(OnConnectFailed);
        Receive<ReadCompleted>(OnReadCompleted);
        Receive<WriteCompleted>(OnWriteCompleted);
        Receive<ConnectionLost>(OnConnectionLost);
        Receive<Drain>(_ => OnDrain());
        Receive<GetStats>(_ => Sender.Tell(Stats));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(CarbonDestination destination, GraphiteSettings settings, int bufferCapacity, ConnectionTuning tuning) =>
        Akka.Actor.Props.Create(() => new CarbonConnection(destination, settings, bufferCapacity, tuning));

    /// <summary>Unsent points at which the master starts holding agents' batches: half the buffer, leaving the
    /// other half for what is already on its way to the sink (its own self-metrics, batches in the mailbox).</summary>
    private long HighWater => _buffer.Capacity / 2;

    /// <summary>Unsent points at which acknowledgements resume: low enough that carbon has a backlog to read meanwhile.</summary>
    private long LowWater => _buffer.Capacity / 4;

    private CarbonStats Stats => new(0, _sent, _buffer.Unsent, _buffer.Dropped + _oversized, _reconnects, _frames);

    protected override void PreStart()
    {
        Timers.StartPeriodicTimer("flush", FlushTick.Instance, _settings.FlushInterval);
        StartConnect();
    }

    protected override void PostStop()
    {
        _socket?.Dispose();
        if (_buffer.Unsent > 0)
            _log.Warning("Carbon {0}: stopping with {1} datapoints not written", _destination, _buffer.Unsent);
    }

    private void OnEnqueue(Enqueue message)
    {
        foreach (var point in message.Points) _buffer.Add(point.Path, point.Timestamp, point.Value);
        if (_buffer.Unsent >= _settings.BatchSize) TryWrite();
        ReportPressure();
    }

    private void ReportPressure()
    {
        var high = _pressureHigh ? _buffer.Unsent > LowWater : _buffer.Unsent >= HighWater;
        if (high == _pressureHigh) return;
        _pressureHigh = high;
        Context.Parent.Tell(new Pressure(_destination, high, _buffer.Unsent));
    }

    private void OnFlushTick()
    {
        ForgetWhatCarbonHasRead();
        TryWrite();
    }

    private void ForgetWhatCarbonHasRead()
    {
        var horizon = DateTime.UtcNow - _tuning.ReplayWindow;
        while (_replayable.TryPeek(out var write) && (write.StreamEnd <= _streamBytes - _tuning.ReplayBytes || write.WrittenAt < horizon))
            _buffer.Forget(_replayable.Dequeue().End);
    }

    private void StartConnect()
    {
        var generation = _generation;
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var timeout = new CancellationTokenSource(_tuning.ConnectTimeout);
        socket.ConnectAsync(_destination.Host, _destination.Port, timeout.Token).AsTask().ContinueWith(task =>
        {
            timeout.Dispose();
            if (task.IsCompletedSuccessfully) return (object)new Connected(generation, socket);
            socket.Dispose();
            return new ConnectFailed(generation, task.IsCanceled ? $"no answer within {_tuning.ConnectTimeout.TotalSeconds:0.#} s" : Reason(task.Exception));
        }, TaskScheduler.Default).PipeTo(Self);
    }

    private void OnConnected(Connected message)
    {
        if (message.Generation != _generation) { message.Socket.Dispose(); return; }
        _socket = message.Socket;
        _streamBytes = 0;
        if (_everConnected) _reconnects++;
        _everConnected = true;
        _backoff = TimeSpan.Zero;
        _failuresInARow = 0;
        _log.Info("Carbon {0}: connected, {1} datapoints to write", _destination, _buffer.Unsent);
        StartRead();
        TryWrite();
    }

    private void OnConnectFailed(ConnectFailed message)
    {
        if (message.Generation != _generation) return;
        ScheduleReconnect($"cannot connect: {message.Reason}");
    }

    private void StartRead()
    {
        var generation = _generation;
        _socket!.ReceiveAsync(_readBuffer.AsMemory(), SocketFlags.None).AsTask().ContinueWith(task =>
            task.IsCompletedSuccessfully
                ? (object)new ReadCompleted(generation, task.Result)
                : new ConnectionLost(generation, Reason(task.Exception)), TaskScheduler.Default).PipeTo(Self);
    }

    private void OnReadCompleted(ReadCompleted message)
    {
        if (message.Generation != _generation) return;
        if (message.Bytes == 0)
        {
            LoseConnection("carbon closed the connection (read returned 0 bytes)");
            return;
        }
        // carbon never writes on its pickle port: whatever answers there is not carbon.
        if (!_garbageLogged)
            _log.Warning("Carbon {0}: the peer sent {1} unexpected bytes on the pickle port; ignoring them (is it carbon?)", _destination, message.Bytes);
        _garbageLogged = true;
        StartRead();
    }

    private void TryWrite()
    {
        if (_writing || _socket is null || _buffer.Unsent == 0) return;
        _writer.Clear();
        var result = FrameEncoder.Encode(_buffer.View, _buffer.SentEnd, _buffer.Tail, _limits, _writer, _tuning.WriteChunkBytes);
        if (result.Oversized > 0)
        {
            _oversized += result.Oversized;
            _log.Error("Carbon {0}: dropped {1} datapoints whose path is too long for a {2}-byte frame", _destination, result.Oversized, _limits.MaxBytes);
        }
        if (result.Frames == 0)
        {
            _buffer.MarkSent(result.Next);
            return;
        }
        _writing = true;
        var generation = _generation;
        var bytes = _writer.Length;
        SendAllAsync(_socket, _writer.Written).ContinueWith(task =>
            task.IsCompletedSuccessfully
                ? (object)new WriteCompleted(generation, result.Next, result.Frames, result.Points, bytes)
                : new ConnectionLost(generation, Reason(task.Exception)), TaskScheduler.Default).PipeTo(Self);
    }

    private void OnWriteCompleted(WriteCompleted message)
    {
        if (message.Generation != _generation) return;
        _writing = false;
        _buffer.MarkSent(message.End);
        _streamBytes += message.Bytes;
        _replayable.Enqueue((message.End, _streamBytes, DateTime.UtcNow));
        ForgetWhatCarbonHasRead();
        _sent += message.Points;
        _frames += message.Frames;
        if (_buffer.Unsent >= _settings.BatchSize || _drainWaiters.Count > 0) TryWrite();
        AnswerDrainWaiters();
        ReportPressure();
    }

    private void OnConnectionLost(ConnectionLost message)
    {
        if (message.Generation != _generation) return;
        LoseConnection(message.Reason);
    }

    private void LoseConnection(string reason)
    {
        _socket?.Dispose();
        _socket = null;
        _writing = false;
        _replayable.Clear();
        var replayed = _buffer.SentEnd - _buffer.Head;
        _buffer.Rewind();
        ReportPressure();
        ScheduleReconnect($"connection lost: {reason}; {replayed} recently written datapoints will be written again");
    }

    private void ScheduleReconnect(string why)
    {
        _generation++;
        _backoff = _tuning.NextBackoff(_backoff);
        // The first failure is news; the retries that follow while carbon stays away are not.
        var message = $"Carbon {_destination}: {why}; {_buffer.Unsent} datapoints buffered, retrying in {_backoff.TotalSeconds:0.###} s";
        if (++_failuresInARow == 1) _log.Warning(message);
        else _log.Debug(message);
        Timers.StartSingleTimer("connect", new Connect(_generation), _backoff);
    }

    private void OnDrain()
    {
        _drainWaiters.Add(Sender);
        TryWrite();
        AnswerDrainWaiters();
    }

    private void AnswerDrainWaiters()
    {
        if (_writing || _buffer.Unsent > 0) return;
        foreach (var waiter in _drainWaiters) waiter.Tell(new Drained(_destination));
        _drainWaiters.Clear();
    }

    private static async Task SendAllAsync(Socket socket, ReadOnlyMemory<byte> bytes)
    {
        while (!bytes.IsEmpty) bytes = bytes[await socket.SendAsync(bytes, SocketFlags.None)..];
    }

    private static string Reason(AggregateException? error) =>
        error?.InnerException?.Message ?? error?.Message ?? "unknown error";
}
