using Qulo.Actors.Metrics;

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

    public IReadOnlyList<Reading> Read()
    {
        var mounts = MountTable.Read(context.Roots.ProcPath("self/mounts"));
        if (!_all)
        {
            var deviceTypes = MountTable.DeviceFileSystems(context.Roots.ProcPath("filesystems"));
            mounts = mounts.Where(m => m.Device is not ("none" or "") && deviceTypes.Contains(m.FsType)).ToList();
        }
        return
        [
            new Reading("count", mounts.Count),
            .. mounts.GroupBy(m => MetricPath.Sanitize(m.FsType), StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new Reading(MetricPath.Join("fstype", g.Key), g.Count())),
        ];
    }
}
