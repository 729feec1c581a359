using System.Buffers.Binary;

namespace Qulo.Actors.Carbon;

/// <summary>
/// Writes carbon pickle frames into one growable byte buffer: a 4-byte big-endian length, then a
/// pickle (protocol 2) of a list of <c>(path, (timestamp, value))</c> tuples, as carbon's
/// MetricPickleReceiver reads them. Hand-rolled because the frame is a fixed shape: the byte size of
/// every point is known before it is written (so frames split exactly under carbon's limit) and
/// nothing is allocated per point.
/// </summary>
internal sealed class PickleFrameWriter
{
    private const byte Proto = 0x80, EmptyList = (byte)']', Mark = (byte)'(', BinUnicode = (byte)'X',
        BinFloat = (byte)'G', Tuple2 = 0x86, Appends = (byte)'e', Stop = (byte)'.';

    /// <summary>Length prefix, PROTO 2, EMPTY_LIST, MARK, APPENDS, STOP.</summary>
    public const int FrameOverheadBytes = 4 + 2 + 1 + 1 + 1 + 1;

    private byte[] _buffer;
    private int _frameStart = -1;
    private int _pointsInFrame;

    public PickleFrameWriter(int initialCapacity = 64 * 1024) => _buffer = new byte[initialCapacity];

    /// <summary>Pickled size of one point: BINUNICODE path, two BINFLOATs, two TUPLE2.</summary>
    public static int PointBytes(int pathUtf8Length) => 1 + 4 + pathUtf8Length + 9 + 9 + 1 + 1;

    /// <summary>Bytes written so far (whole frames plus the open one).</summary>
    public int Length { get; private set; }

    /// <summary>Bytes of the frame being written, prefix included.</summary>
    public int OpenFrameBytes => _frameStart < 0 ? 0 : Length - _frameStart + 2;

    public int PointsInOpenFrame => _pointsInFrame;

    public ReadOnlyMemory<byte> Written => _buffer.AsMemory(0, Length);

    public void Clear()
    {
        Length = 0;
        _frameStart = -1;
        _pointsInFrame = 0;
    }

    public void BeginFrame()
    {
        if (_frameStart >= 0) throw new InvalidOperationException("a frame is already open");
        Ensure(4 + 4);
        _frameStart = Length;
        Length += 4;
        _buffer[Length++] = Proto;
        _buffer[Length++] = 2;
        _buffer[Length++] = EmptyList;
        _buffer[Length++] = Mark;
        _pointsInFrame = 0;
    }

    public void Append(ReadOnlySpan<byte> pathUtf8, double timestamp, double value)
    {
        if (_frameStart < 0) throw new InvalidOperationException("no frame is open");
        Ensure(PointBytes(pathUtf8.Length));
        var span = _buffer.AsSpan(Length);
        span[0] = BinUnicode;
        BinaryPrimitives.WriteInt32LittleEndian(span[1..], pathUtf8.Length);
        pathUtf8.CopyTo(span[5..]);
        var at = 5 + pathUtf8.Length;
        span[at] = BinFloat;
        BinaryPrimitives.WriteDoubleBigEndian(span[(at + 1)..], timestamp);
        span[at + 9] = BinFloat;
        BinaryPrimitives.WriteDoubleBigEndian(span[(at + 10)..], value);
        span[at + 18] = Tuple2;
        span[at + 19] = Tuple2;
        Length += at + 20;
        _pointsInFrame++;
    }

    /// <summary>Forgets the open frame, as if it had never been begun.</summary>
    public void AbandonFrame()
    {
        if (_frameStart < 0) throw new InvalidOperationException("no frame is open");
        Length = _frameStart;
        _frameStart = -1;
        _pointsInFrame = 0;
    }

    /// <summary>Closes the open frame and fills in its length prefix.</summary>
    public void EndFrame()
    {
        if (_frameStart < 0) throw new InvalidOperationException("no frame is open");
        Ensure(2);
        if (_pointsInFrame > 0) _buffer[Length++] = Appends;
        else
        {
            // An empty list needs no MARK ... APPENDS: drop the MARK written by BeginFrame.
            Length--;
        }
        _buffer[Length++] = Stop;
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_frameStart), Length - _frameStart - 4);
        _frameStart = -1;
        _pointsInFrame = 0;
    }

    private void Ensure(int extra)
    {
        if (Length + extra <= _buffer.Length) return;
        Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + extra));
    }
}
