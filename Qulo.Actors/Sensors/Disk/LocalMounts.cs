using System.Collections.Frozen;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Qulo.Actors.Sensors.Disk;

/// <summary>
/// Which paths are mount points of local file systems, whose statvfs answers from memory and cannot hang
/// the way a network file system's can: those DiskUsage measures on the sampling thread. The mount table is
/// read again only when it changes, which the kernel signals by poll(2) on /proc/self/mounts (POLLPRI), so a
/// sample costs one poll. Only exact mount points count: a path below one, or through a symlink, may lead
/// into another file system.
/// </summary>
internal sealed partial class LocalMounts(FileSystemRoots roots)
{
    /// <summary>File systems backed by a local device or by memory. Network and FUSE file systems are not here.</summary>
    private static readonly FrozenSet<string> LocalTypes = FrozenSet.Create(StringComparer.Ordinal,
        "ext2", "ext3", "ext4", "xfs", "btrfs", "zfs", "f2fs", "jfs", "reiserfs", "vfat", "exfat", "iso9660", "udf",
        "squashfs", "overlay", "tmpfs", "ramfs", "devtmpfs", "hugetlbfs");

    private const short PollPriority = 0x2, PollError = 0x8; // POLLPRI, POLLERR: the mount table changed

    private readonly string _table = roots.ProcPath("self/mounts");
    private SafeFileHandle? _watch;
    private bool _read;
    private FrozenSet<string> _localMountPoints = FrozenSet<string>.Empty;

    public bool IsLocal(string path)
    {
        if (!_read || (_watch is not null && Changed(_watch))) Refresh();
        return _localMountPoints.Contains(path);
    }

    /// <summary>
    /// Opens the watch before reading the table, so a change while reading is signalled at the next sample.
    /// A missing or unreadable table leaves every path to the bounded wait.
    /// </summary>
    private void Refresh()
    {
        _read = true;
        try
        {
            _watch ??= File.OpenHandle(_table);
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

    private static unsafe bool Changed(SafeFileHandle watch)
    {
        var request = new PollRequest { Descriptor = (int)watch.DangerousGetHandle(), Events = PollPriority };
        return Poll(&request, 1, 0) > 0 && (request.ReturnedEvents & (PollPriority | PollError)) != 0;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollRequest
    {
        public int Descriptor;
        public short Events;
        public short ReturnedEvents;
    }

    [LibraryImport("libc", EntryPoint = "poll")]
    private static unsafe partial int Poll(PollRequest* requests, nuint count, int timeoutMilliseconds);
}
