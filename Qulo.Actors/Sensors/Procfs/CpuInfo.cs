namespace Qulo.Actors.Sensors.Procfs;

/// <summary>The parts of /proc/cpuinfo psutil falls back on: "cpu MHz" per CPU, "processor" count, cores per package.</summary>
public sealed class CpuInfo
{
    public const string RelativePath = "cpuinfo";

    private CpuInfo(IReadOnlyList<double> megahertz, int processors, int physicalCores)
    {
        Megahertz = megahertz;
        Processors = processors;
        PhysicalCores = physicalCores;
    }

    /// <summary>Every "cpu MHz" value in file order (empty on machines that do not write it, e.g. most ARM).</summary>
    public IReadOnlyList<double> Megahertz { get; }

    /// <summary>How many "processor" stanzas there are.</summary>
    public int Processors { get; }

    /// <summary>psutil's second method for cpu_count(logical=False): the sum of "cpu cores" over distinct "physical id"s.</summary>
    public int PhysicalCores { get; }

    /// <summary>The parsed file, or null when the machine has no /proc/cpuinfo.</summary>
    public static CpuInfo? ReadIfExists(FileSystemRoots roots)
    {
        var path = roots.ProcPath(RelativePath);
        return ProcFile.ReadIfExists(path) is { } text ? Parse(path, text) : null;
    }

    /// <summary>
    /// /proc/cpuinfo kept open, for a sensor that reads it every sample: the kernel writes the file anew on
    /// each read (about 34 µs for 2 CPUs on the benchmark machine); opening and closing it cost 10 µs more.
    /// </summary>
    internal static KeptFile File(FileSystemRoots roots) => new(roots.ProcPath(RelativePath));

    /// <summary>The parsed file, or null when the machine has no /proc/cpuinfo.</summary>
    internal static CpuInfo? ReadIfExists(KeptFile file) =>
        file.ReadIfExists(out var content) ? Parse(file.Path, ProcFile.Text(content)) : null;

    public static CpuInfo Parse(string path, string text)
    {
        var megahertz = new List<double>();
        var processors = 0;
        var coresByPackage = new Dictionary<long, long>();
        long? package = null, cores = null;
        // Span-based: a 256-CPU machine writes a quarter of a megabyte here, of which four keys matter.
        foreach (var rawLine in text.AsSpan().EnumerateLines())
        {
            var line = rawLine.Trim();
            if (line.IsEmpty)
            {
                if (package is { } p && cores is { } c) coresByPackage[p] = c;
                package = cores = null;
                continue;
            }
            var colon = line.IndexOf(':');
            var key = (colon < 0 ? line : line[..colon]).TrimEnd();
            var value = colon < 0 ? [] : line[(colon + 1)..].Trim();
            if (key.Equals("processor", StringComparison.OrdinalIgnoreCase)) processors++;
            else if (key.Equals("cpu MHz", StringComparison.OrdinalIgnoreCase)) megahertz.Add(ProcFile.ParseDouble(path, value));
            else if (key.Equals("physical id", StringComparison.OrdinalIgnoreCase)) package = ProcFile.ParseLong(path, value);
            else if (key.Equals("cpu cores", StringComparison.OrdinalIgnoreCase)) cores = ProcFile.ParseLong(path, value);
        }
        if (package is { } lastPackage && cores is { } lastCores) coresByPackage[lastPackage] = lastCores;
        return new CpuInfo(megahertz, processors, (int)coresByPackage.Values.Sum());
    }
}
