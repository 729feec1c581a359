using System.Runtime.InteropServices;
using Qulo.Actors.Metrics;
using Qulo.Actors.Sensors.Procfs;

namespace Qulo.Actors.Sensors.SystemInfo;

/// <summary>
/// psutil.boot_time(): when the machine booted, in seconds since the epoch ("btime" of /proc/stat).
/// The kernel writes btime as CLOCK_REALTIME minus CLOCK_BOOTTIME (getboottime64), in whole seconds; on the
/// live machine the sensor reads the two clocks itself (no system call: the vDSO) instead of having the kernel
/// write all of /proc/stat, and falls back on the file in the rare sample where the clocks cannot settle the
/// second. A fixture root is read from its file.
/// </summary>
public sealed partial class BootTimeSensor : IDescribedSensor
{
    public static SensorInfo Info { get; } = new(
        "BootTime",
        "When the machine booted, in seconds since the epoch (psutil.boot_time).",
        [],
        ["BootTime"],
        context => new BootTimeSensor(context));

    private readonly KeptFile _stat;
    private readonly bool _live;

    private BootTimeSensor(SensorContext context)
    {
        _stat = ProcStat.File(context.Roots);
        _live = context.Roots.Proc == FileSystemRoots.Live.Proc;
    }

    public IReadOnlyList<Reading> Read() =>
        [Reading.Scalar((_live ? FromClocks() : null) ?? ProcStat.Read(_stat).Counter("btime"))];

    private const int ClockRealTime = 0, ClockBootTime = 7; // CLOCK_REALTIME, CLOCK_BOOTTIME
    private const long NanosecondsPerSecond = 1_000_000_000;

    /// <summary>
    /// The two clocks cannot be read at one instant, so CLOCK_BOOTTIME is read before and after CLOCK_REALTIME:
    /// the kernel's difference lies between the two differences.
    /// </summary>
    private static long? FromClocks()
    {
        var bootBefore = Nanoseconds(ClockBootTime);
        var real = Nanoseconds(ClockRealTime);
        var bootAfter = Nanoseconds(ClockBootTime);
        return BootSecond(real, bootBefore, bootAfter);
    }

    /// <summary>
    /// The whole second of real - boot when every value between real - bootAfter and real - bootBefore, widened
    /// by a microsecond for rounding in the clocks' arithmetic, falls in the same second; null when the bracket
    /// straddles a second (a chance of about one in a million).
    /// </summary>
    internal static long? BootSecond(long real, long bootBefore, long bootAfter)
    {
        const long Slack = 1_000;
        var earliest = (real - bootAfter - Slack) / NanosecondsPerSecond;
        var latest = (real - bootBefore + Slack) / NanosecondsPerSecond;
        return earliest == latest ? earliest : null;
    }

    private static unsafe long Nanoseconds(int clock)
    {
        var time = stackalloc long[2]; // struct timespec: tv_sec, tv_nsec
        if (ClockGetTime(clock, time) != 0)
            throw new SensorException($"clock_gettime({clock}) failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        return time[0] * NanosecondsPerSecond + time[1];
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime", SetLastError = true)]
    private static unsafe partial int ClockGetTime(int clock, long* time);
}
