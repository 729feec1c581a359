using System.Buffers.Binary;
using System.Runtime.Serialization;
using System.Text;

namespace Qulo.Actors.Serialization;

/// <summary>Reads what <see cref="WireWriter"/> wrote; every overrun or bad value is a <see cref="SerializationException"/> naming the message and the offset.</summary>
internal ref struct WireReader(ReadOnlySpan<byte> bytes, string messageName)
{
    private readonly ReadOnlySpan<byte> _bytes = bytes;
    private int _offset;

    public ulong VarUInt()
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_offset >= _bytes.Length) throw Malformed("truncated varint");
            var b = _bytes[_offset++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return result;
        }
        throw Malformed("varint longer than 10 bytes");
    }

    public long Int64() => checked((long)VarUInt());

    /// <summary>A count or length, bounded by the bytes left so that garbage cannot make us allocate gigabytes.</summary>
    public int Length(int minBytesPerItem = 1)
    {
        var value = VarUInt();
        if (value > (ulong)(Remaining / Math.Max(1, minBytesPerItem)))
            throw Malformed($"length {value} exceeds the {Remaining} bytes left");
        return (int)value;
    }

    public double Double()
    {
        if (Remaining < 8) throw Malformed("truncated double");
        var value = BinaryPrimitives.ReadDoubleLittleEndian(_bytes.Slice(_offset, 8));
        _offset += 8;
        return value;
    }

    public ReadOnlySpan<byte> Utf8()
    {
        var length = Length();
        var span = _bytes.Slice(_offset, length);
        _offset += length;
        return span;
    }

    public string String()
    {
        var bytes = Utf8();
        try
        {
            return Utf8Strict.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw Malformed("invalid UTF-8 in a string: " + e.Message);
        }
    }

    public IReadOnlyList<string> Strings()
    {
        var count = Length();
        var values = new string[count];
        for (var i = 0; i < count; i++) values[i] = String();
        return values;
    }

    public int Remaining => _bytes.Length - _offset;

    public void End()
    {
        if (Remaining != 0) throw Malformed($"{Remaining} unexpected trailing bytes");
    }

    public SerializationException Malformed(string problem) =>
        new($"malformed {messageName} message at byte {_offset} of {_bytes.Length}: {problem}");

    public static readonly UTF8Encoding Utf8Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
