using System.Runtime.InteropServices;
using Qulo.Actors.Metrics;
using Qulo.Actors.Sensors.Procfs;

namespace Qulo.Actors.Sensors.Load;

/// <summary>
/// psutil.getloadavg(): the 1, 5 and 15 minute load averages, to the two decimals of /proc/loadavg (the
/// precision `uptime` and `top` show). On the live machine they come from sysinfo(2), the call psutil makes
/// through glibc's getloadavg and far cheaper than reading the file, rounded exactly as the kernel rounds
/// them for /proc/loadavg, so both sources give the same numbers to the bit. psutil keeps sysinfo's raw
/// fixed-point values (25.0966796875 where the file says 25.10). A fixture root is read from its file.
/// </summary>
public sealed partial class LoadAvgSensor : IDescribedSensor
{
    public const string RelativePath = "loadavg";

    // Declared before Info, whose initialiser reads it.
    private static readonly string[] Fields = ["load1", "load5", "load15"];

    public static SensorInfo Info { get; } = new(
        "LoadAvg",
        "Load average over the last 1, 5 and 15 minutes (psutil.getloadavg): runnable plus uninterruptible tasks, as /proc/loadavg gives it.",
        [],
        Fields.Select(f => $"LoadAvg.{f}").ToList(),
        context => new LoadAvgSensor(context));

    private readonly KeptFile? _file;

    private LoadAvgSensor(SensorContext context) =>
        _file = context.Roots.Proc == FileSystemRoots.Live.Proc ? null : new KeptFile(context.Roots.ProcPath(RelativePath), KeptFile.Layout.WholeInOneRead);

    public IReadOnlyList<Reading> Read()
    {
        Span<double> loads = stackalloc double[Fields.Length];
        if (_file is null) ReadSysInfo(loads);
        else ReadFile(_file, loads);
        return [new(Fields[0], loads[0]), new(Fields[1], loads[1]), new(Fields[2], loads[2])];
    }

    private static void ReadFile(KeptFile file, Span<double> loads)
    {
        var fields = new Procfs.Fields(file.Read());
        var count = 0;
        for (; count < loads.Length && fields.Next(out var field); count++)
            loads[count] = ProcFile.ParseDouble(file.Path, field);
        if (count < loads.Length)
            throw ProcFile.Malformed(file.Path, $"{count} fields, expected at least {loads.Length} load averages");
    }

    /// <summary>
    /// sysinfo's loads are the kernel's averages (fixed point, 11 fraction bits: FSHIFT) shifted left by 5 to
    /// SI_LOAD_SHIFT's 16. /proc/loadavg adds FIXED_1/200 and prints the integer part and (fraction * 100) >> 11;
    /// dividing that many hundredths by 100 gives the double nearest to the printed decimal, as parsing it does.
    /// </summary>
    private static unsafe void ReadSysInfo(Span<double> loads)
    {
        const int FractionBits = 11, FixedOne = 1 << FractionBits, SysInfoShift = 16 - FractionBits;
        var info = stackalloc ulong[SysInfoSize / sizeof(ulong)];
        if (SysInfo(info) != 0)
            throw new SensorException($"sysinfo failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        for (var i = 0; i < loads.Length; i++)
        {
            var average = (info[LoadsOffset + i] >> SysInfoShift) + FixedOne / 200;
            var hundredths = (average >> FractionBits) * 100 + (((average & (FixedOne - 1)) * 100) >> FractionBits);
            loads[i] = hundredths / 100.0;
        }
    }

    /// <summary>struct sysinfo on 64-bit Linux: a long uptime, then unsigned long loads[3]; 112 bytes in all.</summary>
    private const int SysInfoSize = 112, LoadsOffset = 1;

    [LibraryImport("libc", EntryPoint = "sysinfo", SetLastError = true)]
    private static unsafe partial int SysInfo(ulong* info);
}
