namespace Qulo.Actors.Sensors.Procfs;

/// <summary>
/// The blank-separated fields of one line of a procfs file's bytes, like Python's str.split(), read one by
/// one without copying: the sensors parse the kernel's text straight from the kept file's buffer.
/// </summary>
internal ref struct Fields(ReadOnlySpan<byte> line)
{
    private ReadOnlySpan<byte> _rest = line;

    public bool Next(out ReadOnlySpan<byte> field)
    {
        var start = _rest.IndexOfAnyExcept(" \t"u8);
        if (start < 0)
        {
            _rest = default;
            field = default;
            return false;
        }
        var rest = _rest[start..];
        var end = rest.IndexOfAny(" \t"u8);
        field = end < 0 ? rest : rest[..end];
        _rest = end < 0 ? default : rest[end..];
        return true;
    }
}

/// <summary>The non-empty lines of a procfs file's bytes, one by one without copying.</summary>
internal ref struct Lines(ReadOnlySpan<byte> text)
{
    private ReadOnlySpan<byte> _rest = text;

    public bool Next(out ReadOnlySpan<byte> line)
    {
        while (!_rest.IsEmpty)
        {
            var end = _rest.IndexOf((byte)'\n');
            line = end < 0 ? _rest : _rest[..end];
            _rest = end < 0 ? default : _rest[(end + 1)..];
            if (!line.IsEmpty) return true;
        }
        line = default;
        return false;
    }
}
