using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using Microsoft.Win32.SafeHandles;

namespace Qulo.Benchmarks;

/// <summary>
/// The kernel call under each sensor whose psutil call is little more than that call, timed alone, as the sensors
/// are (bench/sensors.sh). A sensor can be at most psutil's time over this one times faster than psutil: where
/// this call alone takes more than half of psutil's time, no implementation that asks the kernel the same
/// question reaches the 2x target.
/// </summary>
[Config(typeof(SensorBenchmarks.ShortInProcess))]
public partial class KernelFloorBenchmarks
{
    private readonly byte[] _struct = new byte[256];
    private readonly byte[] _file = new byte[1 << 20];
    private SafeFileHandle _cpuinfo = null!;
    private SafeFileHandle _stat = null!;

    [GlobalSetup]
    public void Open() => (_cpuinfo, _stat) = (File.OpenHandle("/proc/cpuinfo"), File.OpenHandle("/proc/stat"));

    [GlobalCleanup]
    public void Close()
    {
        _cpuinfo.Dispose();
        _stat.Dispose();
    }

    /// <summary>LoadAvg: psutil.getloadavg() is glibc's getloadavg(3), one sysinfo(2).</summary>
    [Benchmark]
    public int LoadAvg() => SysInfo(_struct);

    /// <summary>DiskUsage: psutil.disk_usage('/') is one statvfs(3).</summary>
    [Benchmark]
    public int DiskUsage() => StatVfs("/", _struct);

    /// <summary>
    /// CPUFreq on a machine without cpufreq in sysfs (the benchmark machine): psutil chose its /proc/cpuinfo variant
    /// when it was imported, so each call reads /proc/cpuinfo, which the kernel generates on every read.
    /// </summary>
    [Benchmark]
    public long CPUFreq() => ReadWhole(_cpuinfo);

    /// <summary>CPUTimes: psutil.cpu_times() reads the first line of /proc/stat, which the kernel generates whole on every read.</summary>
    [Benchmark]
    public long CPUTimes() => ReadWhole(_stat);

    /// <summary>
    /// NetIFAddrs: psutil.net_if_addrs() is getifaddrs(3) (two netlink dumps: links and addresses), then Python objects.
    /// QULo's sensor asks for the dumps only after the kernel announced a change, so this bounds psutil, not it.
    /// </summary>
    [Benchmark]
    public int NetIFAddrs()
    {
        var failed = GetIfAddrs(out var list);
        FreeIfAddrs(list);
        return failed;
    }

    private long ReadWhole(SafeFileHandle file)
    {
        long length = 0;
        int read;
        while ((read = RandomAccess.Read(file, _file, length)) > 0) length += read;
        return length;
    }

    [LibraryImport("libc", EntryPoint = "sysinfo")]
    private static partial int SysInfo(byte[] info);

    [LibraryImport("libc", EntryPoint = "statvfs", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int StatVfs(string path, byte[] buffer);

    [LibraryImport("libc", EntryPoint = "getifaddrs")]
    private static partial int GetIfAddrs(out nint list);

    [LibraryImport("libc", EntryPoint = "freeifaddrs")]
    private static partial void FreeIfAddrs(nint list);
}
