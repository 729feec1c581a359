using Qulo.Actors.Sensors.Procfs;
using Qulo.Actors.Metrics;
using Qulo.Actors.Sensors.Sysfs;

namespace Qulo.Actors.Sensors.Hardware;

/// <summary>psutil's sensors_fans(): the speed in RPM of every hwmon fan channel (fanN_input).</summary>
public sealed class SensorsFansSensor(SensorContext context) : IDescribedSensor
{
    public static SensorInfo Info { get; } = new(
        "SensorsFans",
        "Fan speeds in RPM (psutil.sensors_fans), per chip and label, from hwmon.",
        [],
        ["SensorsFans.<chip>.<label>.current"],
        context => new SensorsFansSensor(context));

    /// <summary>
    /// An unreadable input is skipped (psutil skips it); a chip without a readable name or an input
    /// that is not an integer is an error, as psutil raises on both.
    /// </summary>
    public IReadOnlyList<Reading> Read()
    {
        var names = new ChannelNames();
        var readings = new List<Reading>();
        foreach (var channel in Hwmon.ChannelBases(context.Roots, "fan", deviceOnlyWhenNone: true))
        {
            var inputPath = channel + "_input";
            if (SysfsFile.TryRead(inputPath) is not { } input) continue;
            var rpm = ProcFile.ParseLong(inputPath, input);
            var namePath = Path.Combine(Path.GetDirectoryName(channel)!, "name");
            var chip = ProcFile.ReadAllText(namePath).Trim();
            readings.Add(new Reading(MetricPath.Join(names.Next(chip, Hwmon.Label(channel), Path.GetFileName(channel)), "current"), rpm));
        }
        return readings;
    }
}
