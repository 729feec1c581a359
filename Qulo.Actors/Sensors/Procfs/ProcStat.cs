namespace Qulo.Actors.Sensors.Procfs;

/// <summary>The parts of /proc/stat the CPU and boot-time sensors use, parsed the way psutil parses them.</summary>
public sealed class ProcStat
{
    public const string RelativePath = "stat";

    private readonly long?[] _counters;

    private ProcStat(string path, CpuTimes total, IReadOnlyList<CpuTimes> perCpu, long?[] counters)
    {
        Path = path;
        Total = total;
        PerCpu = perCpu;
        _counters = counters;
    }

    public string Path { get; }

    /// <summary>The first line, all CPUs together (psutil's cpu_times()).</summary>
    public CpuTimes Total { get; }

    /// <summary>The "cpuN" lines in file order (psutil's cpu_times(percpu=True)); offline CPUs are absent.</summary>
    public IReadOnlyList<CpuTimes> PerCpu { get; }

    /// <summary>The counter lines psutil reads, in <see cref="Counter"/>'s numbering.</summary>
    private static readonly string[] CounterNames = ["ctxt", "intr", "softirq", "btime"];

    /// <summary>
    /// The first number of a counter line ("ctxt", "intr", "softirq", "btime"), or a <see cref="SensorException"/>
    /// naming the file when the line is missing.
    /// </summary>
    public long Counter(string name) => _counters[Array.IndexOf(CounterNames, name)]
        ?? throw ProcFile.Malformed(Path, $"no '{name}' line");

    /// <summary>/proc/stat under <paramref name="roots"/>, for a sensor to keep open.</summary>
    internal static KeptFile File(FileSystemRoots roots) => new(roots.ProcPath(RelativePath), KeptFile.Layout.WholeInOneRead);

    /// <summary>A fresh sample of the kept-open /proc/stat.</summary>
    internal static ProcStat Read(KeptFile file) => Parse(file.Path, file.Read());

    /// <summary>
    /// Only the all-CPU line of a fresh sample, the one line psutil's cpu_times() reads: the per-CPU lines
    /// (hundreds on a large node) and the long "intr" line are not parsed.
    /// </summary>
    internal static CpuTimes ReadTotal(KeptFile file) => ParseTotal(file.Path, file.Read());

    public static CpuTimes ParseTotal(string path, ReadOnlySpan<byte> text)
    {
        var end = text.IndexOf((byte)'\n');
        var fields = new Fields(end < 0 ? text : text[..end]);
        if (!fields.Next(out var name) || !name.SequenceEqual("cpu"u8))
            throw ProcFile.Malformed(path, "the first line is not the all-CPU 'cpu' line");
        return ParseCpuLine(path, name, fields, fieldCount: null);
    }

    /// <summary>Parses the file's bytes in place: the long "intr" line (one count per interrupt) is never copied or split.</summary>
    public static ProcStat Parse(string path, ReadOnlySpan<byte> text)
    {
        CpuTimes? total = null;
        var perCpu = new List<CpuTimes>();
        var counters = new long?[CounterNames.Length];
        foreach (var range in text.Split((byte)'\n'))
        {
            var line = text[range];
            var fields = new Fields(line);
            if (!fields.Next(out var name)) continue;
            if (name.StartsWith("cpu"u8))
            {
                if (total is null)
                {
                    if (!name.SequenceEqual("cpu"u8))
                        throw ProcFile.Malformed(path, "the first cpu line is not the all-CPU 'cpu' line");
                    total = ParseCpuLine(path, name, fields, fieldCount: null);
                }
                else
                {
                    perCpu.Add(ParseCpuLine(path, name, fields, total.FieldCount));
                }
            }
            else if (CounterIndex(name) is var counter and >= 0 && fields.Next(out var value))
            {
                counters[counter] = ProcFile.ParseLong(path, value);
            }
        }
        if (total is null) throw ProcFile.Malformed(path, "no 'cpu' line");
        return new ProcStat(path, total, perCpu, counters);
    }

    private static int CounterIndex(ReadOnlySpan<byte> name)
    {
        for (var i = 0; i < CounterNames.Length; i++)
            if (name.Length == CounterNames[i].Length && System.Text.Ascii.Equals(name, CounterNames[i])) return i;
        return -1;
    }

    /// <summary>Like psutil, every CPU line is read with the field count of the all-CPU line.</summary>
    private static CpuTimes ParseCpuLine(string path, ReadOnlySpan<byte> name, Fields fields, int? fieldCount)
    {
        // Only the first ten times count, and of those only as many as the all-CPU line has are parsed.
        Span<long> ticks = stackalloc long[CpuTimes.FieldNames.Count];
        var parsed = fieldCount ?? ticks.Length;
        var available = 0;
        for (; available < ticks.Length && fields.Next(out var field); available++)
            if (available < parsed) ticks[available] = ProcFile.ParseLong(path, field);
        var count = fieldCount ?? available;
        if (count < CpuTimes.MinimumFields || available < count)
            throw ProcFile.Malformed(path, $"'{ProcFile.Text(name)}' has {available} times, expected at least {Math.Max(count, CpuTimes.MinimumFields)}");
        var seconds = new double[count];
        for (var i = 0; i < count; i++)
            seconds[i] = ticks[i] / CpuTimes.ClockTicksPerSecond;
        return new CpuTimes(seconds);
    }
}
