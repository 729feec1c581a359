using System.Globalization;

namespace Qulo.LoadGen;

/// <summary>CPU time and memory of a process, read from /proc/PID/stat and /proc/PID/status.</summary>
internal sealed record ProcessSample(DateTime At, double CpuSeconds, long RssBytes, long RssAnonBytes)
{
    private static readonly double TicksPerSecond = 100.0; // USER_HZ, 100 on every Linux ABI .NET runs on

    public static ProcessSample Read(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // Fields after the command name (which may hold spaces) start at ") ": state is field 3, utime 14, stime 15.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        long rss = 0, anon = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) rss = Kilobytes(line);
            else if (line.StartsWith("RssAnon:", StringComparison.Ordinal)) anon = Kilobytes(line);
        }
        return new ProcessSample(DateTime.UtcNow, ticks / TicksPerSecond, rss, anon);
    }

    /// <summary>Share of one core used between two samples, in percent.</summary>
    public static double CpuPercent(ProcessSample from, ProcessSample to) =>
        100.0 * (to.CpuSeconds - from.CpuSeconds) / (to.At - from.At).TotalSeconds;

    private static long Kilobytes(string line) =>
        1024 * long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}
