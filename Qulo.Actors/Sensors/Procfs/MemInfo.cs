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
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = ProcFile.Fields(line);
            if (fields.Length < 2 || !fields[0].EndsWith(':'))
                throw ProcFile.Malformed(path, $"line '{line}' is not 'Name: value'");
            bytes[fields[0][..^1]] = ProcFile.ParseLong(path, fields[1]) * 1024;
        }
        return new MemInfo(path, bytes);
    }

    /// <summary>A value the kernel always writes (MemTotal, MemFree); throws naming the file when absent.</summary>
    public long Required(string name) =>
        _bytes.TryGetValue(name, out var value) ? value : throw ProcFile.Malformed(Path, $"no '{name}' line");

    public long? Optional(string name) => _bytes.TryGetValue(name, out var value) ? value : null;
}
