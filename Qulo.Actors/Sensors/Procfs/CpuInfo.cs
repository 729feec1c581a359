using System.Text;

namespace Qulo.Actors.Sensors.Procfs;

/// <summary>The parts of /proc/cpuinfo psutil falls back on: "cpu MHz" per CPU, and cores per package.</summary>
public static class CpuInfo
{
    public const string RelativePath = "cpuinfo";

    private static ReadOnlySpan<byte> MegahertzKey => "cpu mhz"u8;

    /// <summary>
    /// psutil's second method for cpu_count(logical=False): the sum of "cpu cores" over distinct "physical id"s;
    /// null when the machine has no /proc/cpuinfo.
    /// </summary>
    public static int? PhysicalCores(FileSystemRoots roots)
    {
        var path = roots.ProcPath(RelativePath);
        return ProcFile.ReadIfExists(path) is { } text ? PhysicalCores(path, text) : null;
    }

    private static int PhysicalCores(string path, string text)
    {
        var coresByPackage = new Dictionary<long, long>();
        long? package = null, cores = null;
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
            if (key.Equals("physical id", StringComparison.OrdinalIgnoreCase)) package = ProcFile.ParseLong(path, value);
            else if (key.Equals("cpu cores", StringComparison.OrdinalIgnoreCase)) cores = ProcFile.ParseLong(path, value);
        }
        if (package is { } lastPackage && cores is { } lastCores) coresByPackage[lastPackage] = lastCores;
        return (int)coresByPackage.Values.Sum();
    }

    /// <summary>
    /// /proc/cpuinfo kept open, for a sensor that reads it every sample: the kernel writes the file anew on
    /// each read (about 27 µs for 2 CPUs on the benchmark machine); opening and closing it cost 10 µs more.
    /// </summary>
    internal static KeptFile File(FileSystemRoots roots) => new(roots.ProcPath(RelativePath));

    /// <summary>
    /// psutil's _cpu_get_cpuinfo_freq(): every "cpu MHz" value in file order; none where the machine does not
    /// write it (most ARM) or has no /proc/cpuinfo. Read from the bytes, line by line, as psutil does: the
    /// kernel writes over a kilobyte per CPU of which this one line matters, so decoding the file to text
    /// would cost more than finding the lines.
    /// </summary>
    internal static List<double> Megahertz(KeptFile file)
    {
        var megahertz = new List<double>();
        if (!file.ReadIfExists(out var content)) return megahertz;
        var lines = new Lines(content);
        while (lines.Next(out var line))
        {
            // psutil: line.lower().startswith(b'cpu mhz'), then float() of what follows the first colon.
            if (line.Length < MegahertzKey.Length || !Ascii.EqualsIgnoreCase(line[..MegahertzKey.Length], MegahertzKey)) continue;
            var colon = line.IndexOf((byte)':');
            if (colon < 0) throw ProcFile.Malformed(file.Path, $"no ':' in '{ProcFile.Text(line)}'");
            megahertz.Add(ProcFile.ParseDouble(file.Path, line[(colon + 1)..]));
        }
        return megahertz;
    }
}
