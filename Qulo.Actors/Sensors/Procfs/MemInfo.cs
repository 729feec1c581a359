namespace Qulo.Actors.Sensors.Procfs;

/// <summary>/proc/meminfo as psutil reads it: every value times 1024 (bytes), keyed by the name without its colon.</summary>
public sealed class MemInfo
{
    public const string RelativePath = "meminfo";

    private readonly Dictionary<string, long> _bytes;

    private MemInfo(string path, Dictionary<string, long> bytes)
    {
        Path = path;
        _bytes = bytes;
    }

    public string Path { get; }

    public static MemInfo Read(FileSystemRoots roots)
    {
        var path = roots.ProcPath(RelativePath);
        return Parse(path, ProcFile.ReadAllText(path));
    }

    public static MemInfo Parse(string path, string text)
    {
        var bytes = new Dictionary<string, long>(StringComparer.Ordinal);
        Span<Range> tokens = stackalloc Range[3];
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            var count = line.SplitAny(tokens, " \t", StringSplitOptions.RemoveEmptyEntries);
            if (count == 0) continue;
            var name = line[tokens[0]];
            if (count < 2 || name is not [.., ':'])
                throw ProcFile.Malformed(path, $"line '{line}' is not 'Name: value'");
            bytes[name[..^1].ToString()] = ProcFile.ParseLong(path, line[tokens[1]]) * 1024;
        }
        return new MemInfo(path, bytes);
    }

    /// <summary>A value the kernel always writes (MemTotal, MemFree); throws naming the file when absent.</summary>
    public long Required(string name) =>
        _bytes.TryGetValue(name, out var value) ? value : throw ProcFile.Malformed(Path, $"no '{name}' line");

    public long? Optional(string name) => _bytes.TryGetValue(name, out var value) ? value : null;
}
