using Qulo.Actors.Metrics;
using Qulo.Actors.Sensors.Procfs;

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

    /// <summary>/proc/diskstats: one line per disk and partition, kept open.</summary>
    private readonly KeptFile _diskStats = new(context.Roots.ProcPath("diskstats"), KeptFile.Layout.PagedLines);

    /// <summary>
    /// Whether each device listed in the last read is a whole disk. A name keeps its kind while it is listed (its
    /// /sys/block entry comes and goes with the disk), so it is looked up once, when it appears.
    /// </summary>
    private Dictionary<string, bool> _wholeDevices = new(StringComparer.Ordinal);

    public IReadOnlyList<Reading> Read()
    {
        var rows = new List<CounterRow>();
        var lines = new Lines(_diskStats.Read());
        while (lines.Next(out var line)) rows.Add(ParseLine(_diskStats.Path, line));
        return _perDisk ? CounterReadings.PerDevice(rows, Fields) : CounterReadings.Totals(WholeDevices(rows), Fields);
    }

    private List<CounterRow> WholeDevices(List<CounterRow> rows)
    {
        var listed = new Dictionary<string, bool>(rows.Count, StringComparer.Ordinal);
        foreach (var row in rows)
            listed[row.Device] = _wholeDevices.TryGetValue(row.Device, out var whole) ? whole
                : Path.Exists(context.Roots.SysPath(Path.Combine("block", row.Device.Replace('/', '!'))));
        _wholeDevices = listed;
        return rows.FindAll(row => listed[row.Device]);
    }

    /// <summary>
    /// The layouts psutil accepts: 15 fields (Linux 2.4), 14 or 18+ (2.6+, 4.18 and 5.5 added fields),
    /// 7 (a 2.6 partition line with only reads, sectors read, writes, sectors written).
    /// </summary>
    private static CounterRow ParseLine(string path, ReadOnlySpan<byte> line)
    {
        var count = 0;
        for (var fields = new Fields(line); fields.Next(out _);) count++;
        if (count is not (7 or 14 or 15) && count < 18)
            throw ProcFile.Malformed(path, $"expected a diskstats line of 7, 14, 15 or 18+ fields but found '{ProcFile.Text(line.Trim(" \t"u8))}'");
        // The device's name is the third field, the fourth in 2.4's layout (after its size in blocks).
        var nameAt = count == 15 ? 3 : 2;
        var device = "";
        Span<long> n = stackalloc long[count];
        var i = 0;
        for (var fields = new Fields(line); fields.Next(out var field); i++)
            if (i == nameAt) device = ProcFile.Text(field);
            else n[i] = ProcFile.ParseLong(path, field);
        return count switch
        {
            15 => Row(device, reads: n[2], readsMerged: n[4], sectorsRead: n[5], readTime: n[6], writes: n[7],
                      writesMerged: n[8], sectorsWritten: n[9], writeTime: n[10], busyTime: n[12]),
            7 => Row(device, reads: n[3], readsMerged: 0, sectorsRead: n[4], readTime: 0, writes: n[5],
                      writesMerged: 0, sectorsWritten: n[6], writeTime: 0, busyTime: 0),
            _ => Row(device, reads: n[3], readsMerged: n[4], sectorsRead: n[5], readTime: n[6], writes: n[7],
                      writesMerged: n[8], sectorsWritten: n[9], writeTime: n[10], busyTime: n[12]),
        };
    }

    private static CounterRow Row(string device, long reads, long readsMerged, long sectorsRead, long readTime,
        long writes, long writesMerged, long sectorsWritten, long writeTime, long busyTime) =>
        new(device, [reads, writes, sectorsRead * SectorSize, sectorsWritten * SectorSize, readTime, writeTime,
                     readsMerged, writesMerged, busyTime]);
}
