using System.Buffers.Binary;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Event;
using Akka.Remote.Transport;
using Google.Protobuf;

namespace Qulo.Actors.Hosting;

/// <summary>
/// One TCP connection of <see cref="AgentTcpTransport"/>. Frames go out with a non-blocking send on the
/// sender's thread (the agent's loop); what the socket cannot take at once waits here, in order, and
/// goes out asynchronously. Frames that arrive are delivered, and run, on the receiving thread
/// (<see cref="AgentLoop.RunHere"/>). Closing is graceful as DotNetty's: what was written goes out, the
/// sending side closes, and the socket closes once the peer has closed or flush-wait has passed.
/// </summary>
internal sealed class AgentTcpConnection : AssociationHandle
{
    /// <summary>Bytes waiting for the socket beyond which Write asks Akka to hold on (it retries after its backoff).</summary>
    private const int HighWaterBytes = 4 << 20;
    private const int LengthBytes = 4;

    private readonly Socket _socket;
    private readonly AgentLoop _loop;
    private readonly int _maxFrame;
    private readonly TimeSpan _flushWait;
    private readonly ILoggingAdapter _log;
    private readonly Action<AgentTcpConnection> _closed;
    private readonly object _gate = new();
    private readonly Queue<ReadOnlyMemory<byte>> _unsent = new();
    private readonly TaskCompletionSource _readEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Action _deliverFrames;
    private long _unsentBytes;
    private bool _sending, _closing;

    // The reader's state (one reader per connection): the bytes received and not yet delivered.
    private IHandleEventListener? _listener;
    private byte[] _buffer = new byte[8192];
    private int _filled, _delivered;

    public AgentTcpConnection(Socket socket, Address localAddress, Address remoteAddress, AgentLoop loop, int maxFrame, TimeSpan flushWait,
        ILoggingAdapter log, Action<AgentTcpConnection> closed) : base(localAddress, remoteAddress)
    {
        (_socket, _loop, _maxFrame, _flushWait, _log, _closed) = (socket, loop, maxFrame, flushWait, log, closed);
        _socket.Blocking = false;
        _deliverFrames = DeliverFrames;
        // As DotNetty: nothing is read until Akka has said where inbound frames go.
        ReadHandlerSource.Task.ContinueWith(listener => _ = ReadAsync(listener.Result),
            TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously);
    }

    public override bool Write(ByteString payload)
    {
        var frame = new byte[LengthBytes + payload.Length];
        BinaryPrimitives.WriteInt32LittleEndian(frame, payload.Length);
        payload.Span.CopyTo(frame.AsSpan(LengthBytes));
        lock (_gate)
        {
            if (_closing) return false;
            if (_sending)
            {
                if (_unsentBytes >= HighWaterBytes) return false;
                Hold(frame);
                return true;
            }
            var sent = _socket.Send(frame, SocketFlags.None, out var error);
            if (error is not (SocketError.Success or SocketError.WouldBlock))
            {
                // The connection is gone: the reader sees it too and tells Akka, which redelivers what needs it.
                _socket.Dispose();
                return true;
            }
            if (sent == frame.Length) return true;
            Hold(frame.AsMemory(sent));
            _sending = true;
        }
        _ = SendHeldAsync();
        return true;
    }

    private void Hold(ReadOnlyMemory<byte> bytes)
    {
        _unsent.Enqueue(bytes);
        _unsentBytes += bytes.Length;
    }

    private async Task SendHeldAsync()
    {
        try
        {
            while (true)
            {
                ReadOnlyMemory<byte> next;
                lock (_gate)
                {
                    if (!_unsent.TryPeek(out next))
                    {
                        _sending = false;
                        if (_closing) HalfClose();
                        return;
                    }
                }
                await _socket.SendAsync(next, SocketFlags.None).ConfigureAwait(false);
                lock (_gate)
                {
                    _unsent.Dequeue();
                    _unsentBytes -= next.Length;
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            lock (_gate)
            {
                _unsent.Clear();
                _unsentBytes = 0;
                _sending = false;
            }
            _socket.Dispose();
        }
    }

    [Obsolete("Akka calls this one; the overload with a reason logs and calls it.")]
    public override void Disassociate() => _ = CloseAsync();

    /// <summary>Sends what was written, closes the sending side, and closes the socket once the peer closed or flush-wait passed.</summary>
    public async Task CloseAsync()
    {
        lock (_gate)
        {
            if (!_closing)
            {
                _closing = true;
                if (!_sending) HalfClose();
            }
        }
        await Task.WhenAny(_readEnded.Task, Task.Delay(_flushWait)).ConfigureAwait(false);
        _socket.Dispose();
        _closed(this); // also when Akka closed it before it ever read (a handshake that failed)
    }

    private void HalfClose()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            _socket.Dispose();
        }
    }

    private async Task ReadAsync(IHandleEventListener listener)
    {
        _listener = listener;
        var reason = DisassociateInfo.Unknown;
        try
        {
            while (true)
            {
                var read = await _socket.ReceiveAsync(_buffer.AsMemory(_filled), SocketFlags.None).ConfigureAwait(false);
                if (read == 0) break; // the peer closed
                _filled += read;
                _loop.RunHere(_deliverFrames);
                KeepUndelivered();
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Reset by the peer, or closed here: as DotNetty, a shutdown; anything else is unknown.
            if (e is ObjectDisposedException || ((SocketException)e).SocketErrorCode is SocketError.ConnectionReset or SocketError.OperationAborted
                    or SocketError.ConnectionAborted or SocketError.Shutdown)
                reason = DisassociateInfo.Shutdown;
        }
        catch (InvalidDataException e)
        {
            _log.Error("Connection with {0}: {1}; closing it", RemoteAddress, e.Message);
        }
        catch (Exception e)
        {
            // Whatever failed, Akka hears that the connection is gone and reconnects if it needs to.
            _log.Error(e, "Connection with {0} failed; closing it", RemoteAddress);
        }
        _socket.Dispose();
        _readEnded.TrySetResult();
        _closed(this);
        _loop.RunHere(() => listener.Notify(new Disassociated(reason)));
    }

    /// <summary>Hands every whole frame received to Akka (while closing, as DotNetty, drops them).</summary>
    private void DeliverFrames()
    {
        var at = 0;
        while (_filled - at >= LengthBytes)
        {
            var length = BinaryPrimitives.ReadInt32LittleEndian(_buffer.AsSpan(at));
            if (length < 0 || length > _maxFrame)
                throw new InvalidDataException($"a frame length of {length} bytes, outside maximum-frame-size ({_maxFrame} bytes)");
            if (_filled - at - LengthBytes < length) break;
            if (!_closing) _listener!.Notify(new InboundPayload(ByteString.CopyFrom(_buffer, at + LengthBytes, length)));
            at += LengthBytes + length;
        }
        _delivered = at;
    }

    /// <summary>Moves the start of an incomplete frame to the front of the buffer, and makes room for all of it.</summary>
    private void KeepUndelivered()
    {
        var left = _filled - _delivered;
        var needed = left >= LengthBytes ? LengthBytes + BinaryPrimitives.ReadInt32LittleEndian(_buffer.AsSpan(_delivered)) : LengthBytes;
        var target = needed > _buffer.Length ? new byte[Math.Max(needed, _buffer.Length * 2)] : _buffer;
        Buffer.BlockCopy(_buffer, _delivered, target, 0, left);
        (_buffer, _filled, _delivered) = (target, left, 0);
    }
}
