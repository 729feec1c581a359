using System.Runtime.InteropServices;

namespace Qulo.Actors.Sensors.Disk;

/// <summary>The fields of libc's struct statvfs that psutil's disk_usage uses (64-bit Linux layout: 11 longs and 6 spare ints).</summary>
[StructLayout(LayoutKind.Sequential, Size = 112)]
internal partial struct StatVfs
{
    public ulong BlockSize;
    public ulong FragmentSize;
    public ulong Blocks;
    public ulong BlocksFree;
    public ulong BlocksAvailable;
    public ulong Files;
    public ulong FilesFree;
    public ulong FilesAvailable;
    public ulong FileSystemId;
    public ulong Flags;
    public ulong NameMax;

    /// <summary>statvfs(2) on <paramref name="path"/>; blocks as long as the file system does (a hung NFS server blocks it for good).</summary>
    public static StatVfs Of(string path)
    {
        if (!Environment.Is64BitProcess || !OperatingSystem.IsLinux())
            throw new PlatformNotSupportedException("DiskUsage reads statvfs with the 64-bit Linux layout");
        if (NativeStatVfs(path, out var result) == 0) return result;
        var errno = Marshal.GetLastPInvokeError();
        throw new SensorException($"statvfs({path}) failed: {Marshal.GetPInvokeErrorMessage(errno)}");
    }

    [LibraryImport("libc", EntryPoint = "statvfs", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int NativeStatVfs(string path, out StatVfs result);
}
