using System.Buffers.Binary;

namespace Qulo.LoadGen;

/// <summary>Receives each datapoint a <see cref="PickleFrameScanner"/> finds, without a string or an object per point.</summary>
internal interface IPointSink
{
    void Point(ReadOnlySpan<byte> pathUtf8, double timestamp, double value);
}

/// <summary>
/// Reads a pickle frame of exactly the shape QULo's PickleFrameWriter writes (PROTO 2, EMPTY_LIST, MARK,
/// per point BINUNICODE path, BINFLOAT, BINFLOAT, TUPLE2, TUPLE2, then APPENDS, STOP; or an empty list)
/// at a fraction of an unpickler's cost, so that the verifying receiver is not the slowest part of the
/// load run. Anything else is an error: <see cref="SeriesVerifier"/> unpickles a share of the frames
/// with Razorvine as well and compares, so the shape it accepts is known to mean what carbon reads.
/// </summary>
internal static class PickleFrameScanner
{
    private const byte Proto = 0x80, EmptyList = (byte)']', Mark = (byte)'(', BinUnicode = (byte)'X',
        BinFloat = (byte)'G', Tuple2 = 0x86, Appends = (byte)'e', Stop = (byte)'.';

    /// <returns>Null when the frame was read to its end, else what is wrong and at which byte.</returns>
    public static string? Scan(ReadOnlySpan<byte> pickle, IPointSink sink)
    {
        if (pickle.Length < 4 || pickle[0] != Proto || pickle[1] != 2 || pickle[2] != EmptyList) return "does not start with PROTO 2, EMPTY_LIST";
        if (pickle[3] == Stop) return pickle.Length == 4 ? null : "bytes after STOP";
        if (pickle[3] != Mark) return "no MARK after EMPTY_LIST";
        var at = 4;
        while (at < pickle.Length && pickle[at] == BinUnicode)
        {
            if (pickle.Length - at < 5) return $"truncated BINUNICODE at byte {at}";
            var length = BinaryPrimitives.ReadInt32LittleEndian(pickle[(at + 1)..]);
            var pathEnd = at + 5 + length;
            if (length <= 0 || pathEnd + 20 > pickle.Length) return $"BINUNICODE length {length} at byte {at} overruns the frame";
            var path = pickle[(at + 5)..pathEnd];
            var rest = pickle[pathEnd..];
            if (rest[0] != BinFloat || rest[9] != BinFloat || rest[18] != Tuple2 || rest[19] != Tuple2)
                return $"point at byte {at} is not (path, (BINFLOAT, BINFLOAT))";
            sink.Point(path, BinaryPrimitives.ReadDoubleBigEndian(rest[1..]), BinaryPrimitives.ReadDoubleBigEndian(rest[10..]));
            at = pathEnd + 20;
        }
        if (at == 4) return "MARK without points";
        return at + 2 == pickle.Length && pickle[at] == Appends && pickle[at + 1] == Stop ? null : $"no APPENDS, STOP at byte {at}";
    }
}
