namespace Qulo.Actors.Sensors.Procfs;

/// <summary>The parts of /proc/stat the CPU and boot-time sensors use, parsed the way psutil parses them.</summary>
public sealed class ProcStat
{
    public const string RelativePath = "stat";

    private ProcStat(string path, CpuTimes total, IReadOnlyList<CpuTimes> perCpu, IReadOnlyDictionary<string, long> counters)
    {
        Path = path;
        Total = total;
        PerCpu = perCpu;
        _counters = counters;
    }

    private readonly IReadOnlyDictionary<string, long> _counters;

    public string Path { get; }

    /// <summary>The first line, all CPUs together (psutil's cpu_times()).</summary>
    public CpuTimes Total { get; }

    /// <summary>The "cpuN" lines in file order (psutil's cpu_times(percpu=True)); offline CPUs are absent.</summary>
    public IReadOnlyList<CpuTimes> PerCpu { get; }

    /// <summary>
    /// The first number of a counter line ("ctxt", "intr", "softirq", "btime"), or a <see cref="SensorException"/>
    /// naming the file when the line is missing.
    /// </summary>
    public long Counter(string name) => _counters.TryGetValue(name, out var value)
        ? value
        : throw ProcFile.Malformed(Path, $"no '{name}' line");

    public static ProcStat Read(FileSystemRoots roots)
    {
        var path = roots.ProcPath(RelativePath);
        return Parse(path, ProcFile.ReadAllText(path));
    }

    public static ProcStat Parse(string path, string text)
    {
        CpuTimes? total = null;
        var perCpu = new List<CpuTimes>();
        var counters = new Dictionary<string, long>(StringComparer.Ordinal);
        // Span-based: the long "intr" line (one count per interrupt) is never copied or split.
        Span<Range> tokens = stackalloc Range[CpuTimes.FieldNames.Count + 2];
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            var count = line.SplitAny(tokens, " \t", StringSplitOptions.RemoveEmptyEntries);
            if (count == 0) continue;
            var name = line[tokens[0]];
            if (name.StartsWith("cpu"))
            {
                if (total is null)
                {
                    if (!name.SequenceEqual("cpu"))
                        throw ProcFile.Malformed(path, "the first cpu line is not the all-CPU 'cpu' line");
                    total = ParseCpuLine(path, line, tokens[..count], fieldCount: null);
                }
                else
                {
                    perCpu.Add(ParseCpuLine(path, line, tokens[..count], total.FieldCount));
                }
            }
            else if (count >= 2 && CounterName(name) is { } counter)
            {
                counters[counter] = ProcFile.ParseLong(path, line[tokens[1]]);
            }
        }
        if (total is null) throw ProcFile.Malformed(path, "no 'cpu' line");
        return new ProcStat(path, total, perCpu, counters);
    }

    private static string? CounterName(ReadOnlySpan<char> name) => name switch
    {
        "ctxt" => "ctxt",
        "intr" => "intr",
        "softirq" => "softirq",
        "btime" => "btime",
        _ => null,
    };

    /// <summary>Like psutil, every CPU line is read with the field count of the all-CPU line.</summary>
    private static CpuTimes ParseCpuLine(string path, ReadOnlySpan<char> line, ReadOnlySpan<Range> tokens, int? fieldCount)
    {
        // The last token may hold the rest of a longer line; only the first ten times are read.
        var available = Math.Min(tokens.Length - 1, CpuTimes.FieldNames.Count);
        var count = fieldCount ?? available;
        if (count < CpuTimes.MinimumFields || available < count)
            throw ProcFile.Malformed(path, $"'{line[tokens[0]]}' has {available} times, expected at least {Math.Max(count, CpuTimes.MinimumFields)}");
        var seconds = new double[count];
        for (var i = 0; i < count; i++)
            seconds[i] = ProcFile.ParseLong(path, line[tokens[i + 1]]) / CpuTimes.ClockTicksPerSecond;
        return new CpuTimes(seconds);
    }
}
