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
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("cpu", StringComparison.Ordinal))
            {
                if (total is null)
                {
                    if (!line.StartsWith("cpu ", StringComparison.Ordinal))
                        throw ProcFile.Malformed(path, "the first cpu line is not the all-CPU 'cpu' line");
                    total = ParseCpuLine(path, line, fieldCount: null);
                }
                else
                {
                    perCpu.Add(ParseCpuLine(path, line, total.FieldCount));
                }
            }
            else
            {
                var fields = line.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length >= 2 && fields[0] is "ctxt" or "intr" or "softirq" or "btime")
                    counters[fields[0]] = ProcFile.ParseLong(path, fields[1]);
            }
        }
        if (total is null) throw ProcFile.Malformed(path, "no 'cpu' line");
        return new ProcStat(path, total, perCpu, counters);
    }

    /// <summary>Like psutil, every CPU line is read with the field count of the all-CPU line.</summary>
    private static CpuTimes ParseCpuLine(string path, string line, int? fieldCount)
    {
        var fields = ProcFile.Fields(line);
        var count = fieldCount ?? Math.Min(fields.Length - 1, CpuTimes.FieldNames.Count);
        if (count < CpuTimes.MinimumFields || fields.Length - 1 < count)
            throw ProcFile.Malformed(path, $"'{fields[0]}' has {fields.Length - 1} times, expected at least {Math.Max(count, CpuTimes.MinimumFields)}");
        var seconds = new double[count];
        for (var i = 0; i < count; i++)
            seconds[i] = ProcFile.ParseLong(path, fields[i + 1]) / CpuTimes.ClockTicksPerSecond;
        return new CpuTimes(seconds);
    }
}
