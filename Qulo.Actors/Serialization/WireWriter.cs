using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Qulo.Actors.Serialization;

/// <summary>Appends varints, doubles and length-prefixed UTF-8 strings to a growing buffer.</summary>
internal sealed class WireWriter
{
    private readonly ArrayBufferWriter<byte> _buffer;

    public WireWriter(int initialCapacity = 256) => _buffer = new ArrayBufferWriter<byte>(initialCapacity);

    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();

    public void VarUInt(ulong value)
    {
        var span = _buffer.GetSpan(10);
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        span[i++] = (byte)value;
        _buffer.Advance(i);
    }

    public void Double(double value)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
    }

    public void String(string value) => Utf8(Encoding.UTF8.GetBytes(value));

    public void Utf8(ReadOnlySpan<byte> bytes)
    {
        VarUInt((ulong)bytes.Length);
        bytes.CopyTo(_buffer.GetSpan(bytes.Length));
        _buffer.Advance(bytes.Length);
    }

    public void Strings(IReadOnlyList<string> values)
    {
        VarUInt((ulong)values.Count);
        foreach (var value in values) String(value);
    }
}
