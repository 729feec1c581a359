using Qulo.Actors.Metrics;
using Qulo.Actors.Sensors.Sysfs;

namespace Qulo.Actors.Sensors.Hardware;

/// <summary>
/// psutil's sensors_battery() from /sys/class/power_supply: the first (by name) supply called BAT*
/// or "*battery*". percent from energy (or charge) now/full, else the capacity file; secsleft from
/// energy/power, else time_to_empty_now; power_plugged from the AC0/AC adapter, else the battery status.
/// No battery gives no readings.
/// </summary>
public sealed class SensorsBatterySensor(SensorContext context) : IDescribedSensor
{
    /// <summary>psutil's POWER_TIME_UNKNOWN: discharging but the rate is not known.</summary>
    public const long SecondsLeftUnknown = -1;

    /// <summary>psutil's POWER_TIME_UNLIMITED: on mains power.</summary>
    public const long SecondsLeftUnlimited = -2;

    public static SensorInfo Info { get; } = new(
        "SensorsBattery",
        $"Battery (psutil.sensors_battery): percent charged, secsleft in seconds ({SecondsLeftUnknown} unknown, {SecondsLeftUnlimited} plugged in), power_plugged 0/1 (absent when unknown).",
        [],
        ["SensorsBattery.percent", "SensorsBattery.secsleft", "SensorsBattery.power_plugged"],
        context => new SensorsBatterySensor(context));

    private readonly KeptDirectory _supplies = new(context.Roots.SysPath("class/power_supply"));

    public IReadOnlyList<Reading> Read()
    {
        var supplies = _supplies.Path;
        var batteryName = _supplies.FirstMatching(n => n.StartsWith("BAT", StringComparison.Ordinal) || n.Contains("battery", StringComparison.OrdinalIgnoreCase));
        if (batteryName is null) return [];
        var battery = Path.Combine(supplies, batteryName);

        long? First(params string[] files) => files.Select(f => SysfsFile.TryReadLong(Path.Combine(battery, f))).FirstOrDefault(v => v is not null);
        var energyNow = First("energy_now", "charge_now");
        var powerNow = First("power_now", "current_now");
        var energyFull = First("energy_full", "charge_full");
        var minutesToEmpty = First("time_to_empty_now");

        double percent;
        if (energyNow is { } now && energyFull is { } full)
            percent = full == 0 ? 0 : 100.0 * now / full;
        else if (SysfsFile.TryReadLong(Path.Combine(battery, "capacity")) is { } capacity)
            percent = capacity;
        else
            return [];

        var plugged = PowerPlugged(supplies, battery);
        long secondsLeft = plugged == true ? SecondsLeftUnlimited
            : energyNow is { } e && powerNow is { } p ? (p == 0 ? SecondsLeftUnknown : (long)((double)e / p * 3600))
            : minutesToEmpty is { } m ? (m < 0 ? SecondsLeftUnknown : m * 60)
            : SecondsLeftUnknown;

        var readings = new List<Reading> { new("percent", percent), new("secsleft", secondsLeft) };
        if (plugged is { } isPlugged) readings.Add(new Reading("power_plugged", isPlugged ? 1 : 0));
        return readings;
    }

    /// <summary>The mains adapter AC0 or AC if there is one; else the battery's status (charging or full means plugged).</summary>
    private static bool? PowerPlugged(string supplies, string battery)
    {
        var online = new[] { "AC0/online", "AC/online" }
            .Select(f => SysfsFile.TryReadLong(Path.Combine(supplies, f))).FirstOrDefault(v => v is not null);
        if (online is { } o) return o == 1;
        return SysfsFile.TryRead(Path.Combine(battery, "status"))?.ToLowerInvariant() switch
        {
            "discharging" => false,
            "charging" or "full" => true,
            _ => null,
        };
    }
}
