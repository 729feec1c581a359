using System.Collections.Frozen;

namespace Qulo.Actors.Sensors.Disk;

/// <summary>
/// Which paths are mount points of local file systems, whose statvfs answers from memory and cannot hang
/// the way a network file system's can: those DiskUsage measures on the sampling thread. The mount table is
/// read again only when it changed (<see cref="MountTableWatch"/>), so a sample costs no system call here.
/// Only exact mount points count: a path below one, or through a symlink, may lead into another file system.
/// </summary>
internal sealed class LocalMounts(FileSystemRoots roots)
{
    /// <summary>File systems backed by a local device or by memory. Network and FUSE file systems are not here.</summary>
    private static readonly FrozenSet<string> LocalTypes = FrozenSet.Create(StringComparer.Ordinal,
        "ext2", "ext3", "ext4", "xfs", "btrfs", "zfs", "f2fs", "jfs", "reiserfs", "vfat", "exfat", "iso9660", "udf",
        "squashfs", "overlay", "tmpfs", "ramfs", "devtmpfs", "hugetlbfs");

    private readonly string _table = roots.ProcPath("self/mounts");
    private MountTableWatch? _watch;
    private int? _readAtChange;
    private FrozenSet<string> _localMountPoints = FrozenSet<string>.Empty;

    public bool IsLocal(string path)
    {
        if (_watch is null || _watch.Broken || _watch.Changes != _readAtChange) Refresh();
        return _localMountPoints.Contains(path);
    }

    /// <summary>
    /// Starts the watch before reading the table, so a change while reading is seen at the next sample.
    /// A missing or unreadable table leaves every path to the bounded wait, and is tried again at the next sample.
    /// </summary>
    private void Refresh()
    {
        _watch ??= MountTableWatch.For(_table);
        _readAtChange = _watch?.Changes;
        try
        {
            // Where a mount point is mounted over, the last line is the file system on top.
            _localMountPoints = MountTable.Read(_table)
                .GroupBy(mount => mount.MountPoint, StringComparer.Ordinal)
                .Where(point => LocalTypes.Contains(point.Last().FsType))
                .Select(point => point.Key)
                .ToFrozenSet(StringComparer.Ordinal);
        }
        catch (Exception e) when (e is SensorException or IOException or UnauthorizedAccessException)
        {
            _localMountPoints = FrozenSet<string>.Empty;
        }
    }
}
