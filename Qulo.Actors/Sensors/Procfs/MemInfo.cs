using System.Text;

namespace Qulo.Actors.Sensors.Procfs;

/// <summary>
/// /proc/meminfo as psutil reads it: every value times 1024 (bytes), keyed by the name without its colon.
/// A sensor keeps one and refreshes it at each sample: the file stays open and each name gets a slot the
/// first time it is seen, so a sample parses the kernel's bytes without allocating.
/// </summary>
public sealed class MemInfo
{
    public const string RelativePath = "meminfo";

    private readonly KeptFile _file;
    private readonly Dictionary<string, int> _slots = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _slotsByName;
    private long[] _bytes = new long[64];
    /// <summary>The sample in which each slot was last seen: a name the kernel stopped writing reads as absent.</summary>
    private int[] _seenIn = new int[64];
    private int _sample;

    public MemInfo(FileSystemRoots roots)
    {
        _file = new KeptFile(roots.ProcPath(RelativePath), KeptFile.Layout.WholeInOneRead);
        _slotsByName = _slots.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public string Path => _file.Path;

    /// <summary>Reads the file afresh; the values below are this sample's until the next call.</summary>
    public MemInfo Refresh()
    {
        var text = _file.Read();
        _sample++;
        Span<char> name = stackalloc char[128];
        foreach (var range in text.Split((byte)'\n'))
        {
            var line = text[range];
            var fields = new Fields(line);
            if (!fields.Next(out var key)) continue;
            if (!fields.Next(out var value) || key is not [.., (byte)':'] || key.Length > name.Length)
                throw ProcFile.Malformed(Path, $"line '{ProcFile.Text(line)}' is not 'Name: value'");
            var length = Encoding.UTF8.GetChars(key[..^1], name);
            var slot = Slot(name[..length]);
            _bytes[slot] = ProcFile.ParseLong(Path, value) * 1024;
            _seenIn[slot] = _sample;
        }
        return this;
    }

    private int Slot(ReadOnlySpan<char> name)
    {
        if (_slotsByName.TryGetValue(name, out var slot)) return slot;
        slot = _slots.Count;
        _slots.Add(name.ToString(), slot);
        if (slot == _bytes.Length)
        {
            Array.Resize(ref _bytes, slot * 2);
            Array.Resize(ref _seenIn, slot * 2);
        }
        return slot;
    }

    /// <summary>A value the kernel always writes (MemTotal, MemFree); throws naming the file when absent.</summary>
    public long Required(string name) => Optional(name) ?? throw ProcFile.Malformed(Path, $"no '{name}' line");

    public long? Optional(string name) =>
        _slots.TryGetValue(name, out var slot) && _seenIn[slot] == _sample ? _bytes[slot] : null;
}
