namespace Qulo.Actors.Sensors.Procfs;

/// <summary>
/// One "cpu" line of /proc/stat in seconds, with as many fields as the kernel writes (7 to 10),
/// in psutil's order: user, nice, system, idle, iowait, irq, softirq, steal, guest, guest_nice.
/// </summary>
public sealed class CpuTimes(double[] seconds)
{
    /// <summary>psutil's scputimes field names on Linux, in /proc/stat order.</summary>
    public static readonly IReadOnlyList<string> FieldNames =
        ["user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal", "guest", "guest_nice"];

    /// <summary>Kernels before 2.6.11 write fewer; psutil cannot read those either.</summary>
    public const int MinimumFields = 7;

    public const int Idle = 3, IoWait = 4, Guest = 8, GuestNice = 9;

    /// <summary>
    /// USER_HZ, the unit of /proc/stat. psutil divides by sysconf(SC_CLK_TCK), which glibc takes from the
    /// kernel's AT_CLKTCK: USER_HZ, fixed at 100 on every architecture .NET runs on (x86, arm, riscv, ...).
    /// </summary>
    public const double ClockTicksPerSecond = 100;

    public int FieldCount => seconds.Length;

    public double this[int field] => seconds[field];

    public ReadOnlySpan<double> Seconds => seconds;
}
