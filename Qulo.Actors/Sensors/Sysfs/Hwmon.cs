using Qulo.Actors.Metrics;

namespace Qulo.Actors.Sensors.Sysfs;

/// <summary>
/// Finds hwmon channels the way psutil globs them: files "&lt;prefix&gt;N_&lt;attribute&gt;" in
/// /sys/class/hwmon/hwmon*/ (or their device/ subdirectory, which CentOS kernels add), reduced to
/// the channel base "…/hwmonK/tempN", sorted by path as psutil sorts them. psutil 5.9 also globs
/// /sys/devices/platform/coretemp.*/hwmon/, but compares whole file names with channel bases there,
/// so those entries only ever fail to read; the same coretemp chip is in /sys/class/hwmon anyway.
/// </summary>
internal static class Hwmon
{
    /// <param name="deviceOnlyWhenNone">
    /// True: look in device/ only when the hwmon directories themselves have no such channel (psutil's fans);
    /// false: always look in both (psutil's temperatures).
    /// </param>
    public static IReadOnlyList<string> ChannelBases(FileSystemRoots roots, string prefix, bool deviceOnlyWhenNone)
    {
        var chips = SysfsFile.Glob(roots.SysPath("class/hwmon"), "hwmon*").ToList();
        var direct = chips.SelectMany(chip => SysfsFile.Glob(chip, prefix + "*_*")).ToList();
        var inDevice = deviceOnlyWhenNone && direct.Count > 0
            ? []
            : chips.SelectMany(chip => SysfsFile.Glob(Path.Combine(chip, "device"), prefix + "*_*"));
        return direct.Concat(inDevice)
            .Select(file => Path.Combine(Path.GetDirectoryName(file)!, Path.GetFileName(file).Split('_')[0]))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The chip name (the "name" file beside the channel), or null when it cannot be read.</summary>
    public static string? ChipName(string channelBase) =>
        SysfsFile.TryRead(Path.Combine(Path.GetDirectoryName(channelBase)!, "name"));

    /// <summary>"&lt;base&gt;_&lt;attribute&gt;" as a number, or null when absent or not a number (psutil skips or drops those).</summary>
    public static double? TryReadNumber(string channelBase, string attribute) =>
        SysfsFile.TryReadNumber(channelBase + "_" + attribute);

    public static string Label(string channelBase) => SysfsFile.TryRead(channelBase + "_label") ?? "";
}

/// <summary>
/// Graphite names for sensor channels: psutil's label when there is one, else the channel's own name
/// ("temp1", "thermal_zone0"), since psutil's empty label cannot name a path; a name repeated within a
/// chip (two "Composite" NVMe sensors merged under one chip name, as psutil merges them) gets "_2", "_3".
/// </summary>
internal sealed class ChannelNames
{
    private readonly Dictionary<string, int> _seen = new(StringComparer.Ordinal);

    public string Next(string chip, string label, string channel)
    {
        var name = MetricPath.Sanitize(label.Length > 0 ? label : channel);
        var key = MetricPath.Join(MetricPath.Sanitize(chip), name);
        var n = _seen[key] = _seen.GetValueOrDefault(key) + 1;
        return n == 1 ? key : $"{key}_{n}";
    }
}
