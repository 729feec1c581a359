using System.Globalization;
using Qulo.Actors.Metrics;
using Qulo.Actors.Sensors.Procfs;

namespace Qulo.Actors.Sensors.Cpu;

/// <summary>psutil.cpu_freq(percpu=...): current, min and max frequency in MHz.</summary>
public sealed class CpuFreqSensor(SensorContext context) : IDescribedSensor
{
    public static SensorInfo Info { get; } = new(
        "CPUFreq",
        "CPU frequency in MHz: current, min, max (psutil.cpu_freq), averaged over CPUs unless percpu. "
        + "Without cpufreq in sysfs, current comes from /proc/cpuinfo and min/max are 0.",
        [SensorOption.Bool("percpu", false, "one set of values per cpufreq policy or CPU (CPUFreq.0.current, ...)")],
        ["CPUFreq.current", "CPUFreq.min", "CPUFreq.max", "CPUFreq.{cpu}.{current|min|max} (percpu=true)"],
        context => new CpuFreqSensor(context));

    private readonly bool _perCpu = context.Options.GetBool("percpu");
    private readonly KeptFile _cpuInfo = CpuInfo.File(context.Roots);
    private readonly string _cpuDirectory = context.Roots.SysPath(SysCpu.CpuDirectory);

    /// <summary>
    /// Whether the machine has cpufreq in sysfs, looked at once, as psutil does when it is imported: the two
    /// lookups cost about 7 µs, a fifth of a sample, and a cpufreq driver loaded later is psutil's blind spot as well.
    /// </summary>
    private readonly bool _hasCpufreq = HasCpufreq(context.Roots.SysPath(SysCpu.CpuDirectory));

    private readonly record struct Frequency(double Current, double Min, double Max);

    public IReadOnlyList<Reading> Read()
    {
        var frequencies = ReadFrequencies();
        if (frequencies.Count == 0) return [];
        if (_perCpu)
        {
            var readings = new List<Reading>(frequencies.Count * 3);
            for (var cpu = 0; cpu < frequencies.Count; cpu++)
                AddFrequency(readings, cpu.ToString(CultureInfo.InvariantCulture), frequencies[cpu]);
            return readings;
        }
        var machine = frequencies.Count == 1 ? frequencies[0] : Average(frequencies);
        var result = new List<Reading>(3);
        AddFrequency(result, "", machine);
        return result;
    }

    private static void AddFrequency(List<Reading> readings, string prefix, Frequency f)
    {
        readings.Add(new(MetricPath.Join(prefix, "current"), f.Current));
        readings.Add(new(MetricPath.Join(prefix, "min"), f.Min));
        readings.Add(new(MetricPath.Join(prefix, "max"), f.Max));
    }

    /// <summary>psutil's non-percpu result: plain means, summed in CPU order.</summary>
    private static Frequency Average(IReadOnlyList<Frequency> frequencies)
    {
        double currents = 0.0, mins = 0.0, maxs = 0.0;
        foreach (var f in frequencies)
        {
            currents += f.Current;
            mins += f.Min;
            maxs += f.Max;
        }
        double count = frequencies.Count;
        return new Frequency(currents / count, mins / count, maxs / count);
    }

    /// <summary>_pslinux.cpu_freq(): sysfs cpufreq when the machine has it, else "cpu MHz" of /proc/cpuinfo.</summary>
    private IReadOnlyList<Frequency> ReadFrequencies()
    {
        var cpuInfoMegahertz = CpuInfo.Megahertz(_cpuInfo);
        if (!_hasCpufreq) return cpuInfoMegahertz.Select(mhz => new Frequency(mhz, 0.0, 0.0)).ToList();

        var policies = SysCpu.NumberedDirectories(Path.Combine(_cpuDirectory, "cpufreq"), "policy");
        if (policies.Count == 0)
            policies = SysCpu.NumberedDirectories(_cpuDirectory, "cpu")
                .Select(cpu => Path.Combine(cpu, "cpufreq")).Where(Directory.Exists).ToList();

        var frequencies = new List<Frequency>(policies.Count);
        for (var i = 0; i < policies.Count; i++)
        {
            // psutil prefers the cached "cpu MHz" when it lines up with the policies (psutil issue 1851).
            var currentKHz = policies.Count == cpuInfoMegahertz.Count
                ? cpuInfoMegahertz[i] * 1000
                : ReadKHz(policies[i], "scaling_cur_freq", required: false)
                  ?? ReadKHz(policies[i], "cpuinfo_cur_freq", required: true)!.Value;
            frequencies.Add(new Frequency(
                Math.Truncate(currentKHz) / 1000,
                ReadKHz(policies[i], "scaling_min_freq", required: true)!.Value / 1000,
                ReadKHz(policies[i], "scaling_max_freq", required: true)!.Value / 1000));
        }
        return frequencies;
    }

    private static bool HasCpufreq(string cpuDirectory) =>
        Directory.Exists(Path.Combine(cpuDirectory, "cpufreq", "policy0")) || Directory.Exists(Path.Combine(cpuDirectory, "cpu0", "cpufreq"));

    private static double? ReadKHz(string policy, string file, bool required)
    {
        var path = Path.Combine(policy, file);
        var text = required ? ProcFile.ReadAllText(path) : ProcFile.ReadIfExists(path);
        return text is null ? null : ProcFile.ParseLong(path, text.Trim());
    }
}
