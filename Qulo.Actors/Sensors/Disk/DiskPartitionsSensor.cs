using Qulo.Actors.Metrics;
using Qulo.Actors.Sensors.Procfs;

namespace Qulo.Actors.Sensors.Disk;

/// <summary>
/// psutil's disk_partitions(all) as numbers: how many partitions are mounted, and how many of each
/// file system type. Without all, only mounts with a device and a device-backed type count, as psutil
/// filters them. Read from /proc/self/mounts (psutil's /etc/mtab is a link to it on current systems).
/// </summary>
public sealed class DiskPartitionsSensor(SensorContext context) : IDescribedSensor
{
    public static SensorInfo Info { get; } = new(
        "DiskPartitions",
        "Mounted partitions (psutil.disk_partitions): their number and the number per file system type.",
        [SensorOption.Bool("all", false, "also count pseudo, memory and duplicate file systems (proc, tmpfs, cgroup, ...)")],
        ["DiskPartitions.count", "DiskPartitions.fstype.<fstype>"],
        context => new DiskPartitionsSensor(context));

    private readonly bool _all = context.Options.GetBool("all");
    // Mount lines can be long (an overlay's layers): the end of the file is the read that returns nothing.
    private readonly KeptFile _mounts = new(context.Roots.ProcPath("self/mounts"));
    private readonly KeptFile _fileSystems = new(context.Roots.ProcPath("filesystems"), KeptFile.Layout.WholeInOneRead);
    private byte[] _fileSystemsText = [];
    private IReadOnlySet<string> _deviceTypes = new HashSet<string>();

    /// <summary>
    /// Counts the mounts per file system type straight from the file's bytes: of each line only the device
    /// (whether it is "none") and the type matter, and the kernel escapes neither's letters.
    /// </summary>
    public IReadOnlyList<Reading> Read()
    {
        var deviceTypes = _all ? null : DeviceTypes();
        var text = _mounts.Read();
        var perType = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var count = 0;
        var lines = new Lines(text);
        while (lines.Next(out var line))
        {
            var fields = new Fields(line);
            if (!(fields.Next(out var device) && fields.Next(out _) && fields.Next(out var type) && fields.Next(out _)))
                throw ProcFile.Malformed(_mounts.Path, $"expected a mount line 'device mountpoint fstype options ...' but found '{ProcFile.Text(line.Trim(" \t"u8))}'");
            var fsType = MountTable.Unescape(ProcFile.Text(type));
            if (deviceTypes is not null && (device.SequenceEqual("none"u8) || !deviceTypes.Contains(fsType))) continue;
            var key = MetricPath.Sanitize(fsType);
            perType[key] = perType.GetValueOrDefault(key) + 1;
            count++;
        }
        var readings = new List<Reading>(1 + perType.Count) { new("count", count) };
        foreach (var (type, mounts) in perType) readings.Add(new Reading(MetricPath.Join("fstype", type), mounts));
        return readings;
    }

    /// <summary>The device-backed types, parsed again only when /proc/filesystems changed (a module loaded).</summary>
    private IReadOnlySet<string> DeviceTypes()
    {
        var text = _fileSystems.Read();
        if (text.SequenceEqual(_fileSystemsText)) return _deviceTypes;
        _deviceTypes = MountTable.DeviceFileSystems(text);
        _fileSystemsText = text.ToArray();
        return _deviceTypes;
    }
}
