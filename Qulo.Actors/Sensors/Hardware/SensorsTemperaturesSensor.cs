using Qulo.Actors.Metrics;
using Qulo.Actors.Sensors.Sysfs;

namespace Qulo.Actors.Sensors.Hardware;

/// <summary>
/// psutil's sensors_temperatures() in °C: every hwmon temperature channel with a readable input and
/// chip name; only when there is none, the thermal zones (/sys/class/thermal/thermal_zone*), with
/// their "high" and "critical" trip points. When only one of high and critical is known, psutil
/// reports it as both, and so do we.
/// </summary>
public sealed class SensorsTemperaturesSensor(SensorContext context) : IDescribedSensor
{
    private const double MilliDegrees = 1000.0;

    public static SensorInfo Info { get; } = new(
        "SensorsTemperatures",
        "Hardware temperatures in °C (psutil.sensors_temperatures): current, high and critical per chip and label; hwmon, else thermal zones.",
        [],
        ["SensorsTemperatures.<chip>.<label>.current", "SensorsTemperatures.<chip>.<label>.high", "SensorsTemperatures.<chip>.<label>.critical"],
        context => new SensorsTemperaturesSensor(context));

    private sealed record Temperature(string Chip, string Label, string Channel, double Current, double? High, double? Critical);

    public IReadOnlyList<Reading> Read()
    {
        var temperatures = FromHwmon();
        if (temperatures.Count == 0) temperatures = FromThermalZones();
        var names = new ChannelNames();
        return temperatures.SelectMany(t =>
        {
            var name = names.Next(t.Chip, t.Label, t.Channel);
            // psutil's fill-in, with Python truthiness (None and 0 are false): a missing high takes the critical value and vice versa.
            var (high, critical) = (t.High, t.Critical);
            if (IsSet(high) && !IsSet(critical)) critical = high;
            else if (IsSet(critical) && !IsSet(high)) high = critical;
            var readings = new List<Reading> { new(MetricPath.Join(name, "current"), t.Current) };
            if (high is { } h) readings.Add(new Reading(MetricPath.Join(name, "high"), h));
            if (critical is { } c) readings.Add(new Reading(MetricPath.Join(name, "critical"), c));
            return readings;
        }).ToList();
    }

    private static bool IsSet(double? value) => value is not (null or 0);

    /// <summary>Channels whose input or chip name is unreadable are skipped, as psutil skips them (hwmon is full of half-working drivers).</summary>
    private List<Temperature> FromHwmon() =>
        Hwmon.ChannelBases(context.Roots, "temp", deviceOnlyWhenNone: false)
            .Select(channel => (channel, current: Hwmon.TryReadNumber(channel, "input"), chip: Hwmon.ChipName(channel)))
            .Where(c => c.current is not null && c.chip is not null)
            .Select(c => new Temperature(c.chip!, Hwmon.Label(c.channel), Path.GetFileName(c.channel), c.current!.Value / MilliDegrees,
                Hwmon.TryReadNumber(c.channel, "max") / MilliDegrees, Hwmon.TryReadNumber(c.channel, "crit") / MilliDegrees))
            .ToList();

    /// <summary>
    /// Thermal zones have no label; trip points "trip_point_N_type" name their kind. Each trip
    /// temperature is converted once (psutil 5.9 divides an already converted value again for
    /// every further trip point, a bug we do not copy).
    /// </summary>
    private List<Temperature> FromThermalZones() =>
        SysfsFile.Glob(context.Roots.SysPath("class/thermal"), "thermal_zone*")
            .Select(zone => (zone, current: SysfsFile.TryReadNumber(Path.Combine(zone, "temp")), type: SysfsFile.TryRead(Path.Combine(zone, "type"))))
            .Where(z => z.current is not null && z.type is not null)
            .Select(z => new Temperature(z.type!, "", Path.GetFileName(z.zone), z.current!.Value / MilliDegrees,
                TripPoint(z.zone, "high") / MilliDegrees, TripPoint(z.zone, "critical") / MilliDegrees))
            .ToList();

    private static double? TripPoint(string zone, string kind) =>
        SysfsFile.Glob(zone, "trip_point_*_type")
            .Where(typeFile => SysfsFile.TryRead(typeFile) == kind)
            .Select(typeFile => SysfsFile.TryReadNumber(typeFile[..^"_type".Length] + "_temp"))
            .LastOrDefault(t => t is not null);
}
