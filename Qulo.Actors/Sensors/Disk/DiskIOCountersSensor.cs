using Qulo.Actors.Metrics;
using Qulo.Actors.Sensors.Procfs;
using Qulo.Actors.Sensors.Sysfs;

namespace Qulo.Actors.Sensors.Disk;

/// <summary>
/// psutil's disk_io_counters(perdisk) from /proc/diskstats. The totals (perdisk=false) sum only
/// whole devices, those with a /sys/block entry (sda, nvme0n1, loop0, zram0), never their partitions,
/// whose I/O the whole device already counts (psutil's is_storage_device).
/// Counters are raw: psutil's nowrap adjustment only matters between calls of one process.
/// </summary>
public sealed class DiskIOCountersSensor(SensorContext context) : IDescribedSensor
{
    /// <summary>psutil's DISK_SECTOR_SIZE: diskstats counts 512-byte sectors whatever the device's own sector size.</summary>
    private const long SectorSize = 512;

    private static readonly string[] Fields =
        ["read_count", "write_count", "read_bytes", "write_bytes", "read_time", "write_time",
         "read_merged_count", "write_merged_count", "busy_time"];

    public static SensorInfo Info { get; } = new(
        "DiskIOCounters",
        "Disk I/O counters from /proc/diskstats (psutil.disk_io_counters): counts, bytes, milliseconds; totals over whole disks, or per disk and partition with perdisk.",
        [SensorOption.Bool("perdisk", false, "report every disk and partition separately instead of totals over whole disks")],
        [.. Fields.Select(f => $"DiskIOCounters.{f}"), .. Fields.Select(f => $"DiskIOCounters.<disk>.{f} (perdisk)")],
        context => new DiskIOCountersSensor(context));

    private readonly bool _perDisk = context.Options.GetBool("perdisk");

    public IReadOnlyList<Reading> Read()
    {
        var path = context.Roots.ProcPath("diskstats");
        var rows = SysfsFile.ReadLines(path).Select(line => ParseLine(path, line));
        return _perDisk
            ? CounterReadings.PerDevice(rows, Fields)
            : CounterReadings.Totals(rows.Where(row => IsWholeDevice(row.Device)).ToList(), Fields);
    }

    private bool IsWholeDevice(string device) =>
        Path.Exists(context.Roots.SysPath(Path.Combine("block", device.Replace('/', '!'))));

    /// <summary>
    /// The layouts psutil accepts: 15 fields (Linux 2.4), 14 or 18+ (2.6+, 4.18 and 5.5 added fields),
    /// 7 (a 2.6 partition line with only reads, sectors read, writes, sectors written).
    /// </summary>
    private static CounterRow ParseLine(string path, string line)
    {
        var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        long N(int i) => ProcFile.ParseLong(path, f[i]);
        return f.Length switch
        {
            15 => Row(f[3], reads: N(2), readsMerged: N(4), sectorsRead: N(5), readTime: N(6), writes: N(7),
                      writesMerged: N(8), sectorsWritten: N(9), writeTime: N(10), busyTime: N(12)),
            14 or >= 18 => Row(f[2], reads: N(3), readsMerged: N(4), sectorsRead: N(5), readTime: N(6), writes: N(7),
                      writesMerged: N(8), sectorsWritten: N(9), writeTime: N(10), busyTime: N(12)),
            7 => Row(f[2], reads: N(3), readsMerged: 0, sectorsRead: N(4), readTime: 0, writes: N(5),
                      writesMerged: 0, sectorsWritten: N(6), writeTime: 0, busyTime: 0),
            _ => throw ProcFile.Malformed(path, $"expected a diskstats line of 7, 14, 15 or 18+ fields but found \'{line.Trim()}\'"),
        };
    }

    private static CounterRow Row(string device, long reads, long readsMerged, long sectorsRead, long readTime,
        long writes, long writesMerged, long sectorsWritten, long writeTime, long busyTime) =>
        new(device, [reads, writes, sectorsRead * SectorSize, sectorsWritten * SectorSize, readTime, writeTime,
                     readsMerged, writesMerged, busyTime]);
}
