using System.Text.RegularExpressions;

namespace Qulo.Actors.Sensors.Procfs;

/// <summary>The CPU files of sysfs (devices/system/cpu) that psutil and glibc read.</summary>
public static partial class SysCpu
{
    public const string CpuDirectory = "devices/system/cpu";

    /// <summary>The "online" range list of CPUs, for a sensor to keep open.</summary>
    internal static KeptFile OnlineFile(FileSystemRoots roots) => new(roots.SysPath($"{CpuDirectory}/online"), KeptFile.Layout.WholeInOneRead);

    /// <summary>
    /// How many CPUs are online, from the "online" range list ("0-3,8"), as glibc's
    /// sysconf(_SC_NPROCESSORS_ONLN) counts them; null when the file does not exist.
    /// </summary>
    internal static int? OnlineCount(KeptFile online) =>
        online.ReadIfExists(out var list) ? CountRangeList(online.Path, list.Trim(" \t\n"u8)) : null;

    /// <summary>Counts the CPUs of a kernel cpu list such as "0-3,8,10-11".</summary>
    public static int CountRangeList(string path, ReadOnlySpan<byte> list)
    {
        var count = 0;
        foreach (var part in list.Split((byte)','))
        {
            var range = list[part];
            if (range.IsEmpty) continue;
            var dash = range.IndexOf((byte)'-');
            if (dash < 0) { ProcFile.ParseLong(path, range); count++; continue; }
            var first = ProcFile.ParseLong(path, range[..dash]);
            var last = ProcFile.ParseLong(path, range[(dash + 1)..]);
            if (last < first) throw ProcFile.Malformed(path, $"range '{ProcFile.Text(range)}' runs backwards");
            count += (int)(last - first + 1);
        }
        return count;
    }

    /// <summary>
    /// psutil's first method for cpu_count(logical=False): the number of distinct core_cpus_list
    /// (or, on older kernels, thread_siblings_list) contents; 0 when neither exists.
    /// </summary>
    public static int DistinctCores(FileSystemRoots roots)
    {
        var cpus = NumberedDirectories(roots.SysPath(CpuDirectory), "cpu");
        foreach (var file in new[] { "core_cpus_list", "thread_siblings_list" })
        {
            var paths = cpus.Select(cpu => Path.Combine(cpu, "topology", file)).Where(File.Exists).ToList();
            if (paths.Count > 0)
                return paths.Select(p => ProcFile.ReadAllText(p).Trim()).Distinct(StringComparer.Ordinal).Count();
        }
        return 0;
    }

    /// <summary>
    /// Subdirectories named prefix + digits (cpu0, policy12), sorted by that number as psutil sorts
    /// them; empty when the directory does not exist.
    /// </summary>
    public static IReadOnlyList<string> NumberedDirectories(string directory, string prefix)
    {
        if (!Directory.Exists(directory)) return [];
        try
        {
            return Directory.EnumerateDirectories(directory, prefix + "*")
                .Select(path => (path, match: Numbered().Match(Path.GetFileName(path)[prefix.Length..])))
                .Where(d => d.match.Success)
                .OrderBy(d => long.Parse(d.match.Value))
                .Select(d => d.path)
                .ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SensorException($"cannot list {directory}: {e.Message}", e);
        }
    }

    [GeneratedRegex("^[0-9]+")]
    private static partial Regex Numbered();
}
