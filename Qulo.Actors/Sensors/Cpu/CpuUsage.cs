using Qulo.Actors.Metrics;
using Qulo.Actors.Sensors.Procfs;

namespace Qulo.Actors.Sensors.Cpu;

/// <summary>
/// psutil's CPU utilisation arithmetic (__init__.py: _cpu_times_deltas, _cpu_tot_time, _cpu_busy_time and the
/// calculate() of cpu_percent and cpu_times_percent), in the same order of operations so the floats match.
/// </summary>
internal static class CpuUsage
{
    /// <summary>Per-field increase, never negative (counters can step back on some hypervisors).</summary>
    public static double[] Deltas(CpuTimes before, CpuTimes after)
    {
        var deltas = new double[Math.Min(before.FieldCount, after.FieldCount)];
        for (var i = 0; i < deltas.Length; i++) deltas[i] = Math.Max(0, after[i] - before[i]);
        return deltas;
    }

    /// <summary>All time, idle included; guest and guest_nice are already counted in user and nice.</summary>
    public static double Total(double[] times)
    {
        var total = 0.0;
        foreach (var t in times) total += t;
        if (times.Length > CpuTimes.Guest) total -= times[CpuTimes.Guest];
        if (times.Length > CpuTimes.GuestNice) total -= times[CpuTimes.GuestNice];
        return total;
    }

    /// <summary>Total minus idle and iowait.</summary>
    public static double Busy(double[] times) => Total(times) - times[CpuTimes.Idle] - times[CpuTimes.IoWait];

    /// <summary>cpu_percent(): busy share of the interval, rounded to 0.1; 0.0 when no time passed.</summary>
    public static double BusyPercent(CpuTimes before, CpuTimes after)
    {
        var deltas = Deltas(before, after);
        var total = Total(deltas);
        return total == 0 ? 0.0 : PsutilMath.Round(Busy(deltas) / total * 100, 1);
    }

    /// <summary>
    /// cpu_times_percent(): each field's share, rounded to 0.1 and clamped to [0, 100]. Like psutil the divisor
    /// is at least one second of CPU time, so an interval shorter than that reads low.
    /// </summary>
    public static double[] FieldPercents(CpuTimes before, CpuTimes after)
    {
        var deltas = Deltas(before, after);
        var scale = 100.0 / Math.Max(1, Total(deltas));
        var percents = new double[deltas.Length];
        for (var i = 0; i < deltas.Length; i++)
            percents[i] = Math.Min(Math.Max(0.0, PsutilMath.Round(deltas[i] * scale, 1)), 100.0);
        return percents;
    }

    /// <summary>Adds one reading per field, named by <paramref name="names"/> (<see cref="CpuReadingNames"/>), in psutil's field order.</summary>
    public static void AddFields(List<Reading> readings, IReadOnlyList<string> names, ReadOnlySpan<double> values)
    {
        for (var i = 0; i < values.Length; i++)
            readings.Add(new Reading(names[i], values[i]));
    }
}
