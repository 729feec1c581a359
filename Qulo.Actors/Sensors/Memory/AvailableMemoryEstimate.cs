using Qulo.Actors.Sensors.Procfs;

namespace Qulo.Actors.Sensors.Memory;

/// <summary>
/// psutil's calculate_avail_vmem(): "available" memory on kernels before 3.14, which lack MemAvailable.
/// The kernel's own estimate (commit 34e431b0ae39) from the free pages, the low watermarks of
/// /proc/zoneinfo, the file LRU lists and reclaimable slab; free + cached when those are missing.
/// </summary>
internal static class AvailableMemoryEstimate
{
    public const string ZoneInfoRelativePath = "zoneinfo";

    public static long Estimate(MemInfo mem, FileSystemRoots roots)
    {
        var free = mem.Required("MemFree");
        var fallback = free + (mem.Optional("Cached") ?? 0);
        if (mem.Optional("Active(file)") is not { } activeFile
            || mem.Optional("Inactive(file)") is not { } inactiveFile
            || mem.Optional("SReclaimable") is not { } slabReclaimable)
            return fallback;
        var zoneInfoPath = roots.ProcPath(ZoneInfoRelativePath);
        if (ProcFile.ReadIfExists(zoneInfoPath) is not { } zoneInfo) return fallback;

        double watermarkLow = LowWatermarkPages(zoneInfoPath, zoneInfo) * Environment.SystemPageSize;
        var available = free - watermarkLow;
        double pageCache = activeFile + inactiveFile;
        pageCache -= Math.Min(pageCache / 2, watermarkLow);
        available += pageCache;
        available += slabReclaimable - Math.Min(slabReclaimable / 2.0, watermarkLow);
        return (long)available;
    }

    /// <summary>Sum of every zone's "low" watermark, in pages.</summary>
    private static long LowWatermarkPages(string path, string zoneInfo)
    {
        long pages = 0;
        foreach (var rawLine in zoneInfo.Split('\n'))
        {
            var line = rawLine.Trim();
            if (!line.StartsWith("low", StringComparison.Ordinal)) continue;
            var fields = ProcFile.Fields(line);
            if (fields.Length < 2) throw ProcFile.Malformed(path, $"line '{line}' has no value");
            pages += ProcFile.ParseLong(path, fields[1]);
        }
        return pages;
    }
}
