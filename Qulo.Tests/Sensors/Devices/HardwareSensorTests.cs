using Qulo.Actors.Sensors;
using Qulo.Actors.Sensors.Hardware;
using Xunit;
using static Qulo.Tests.Sensors.Devices.DeviceFixtures;

namespace Qulo.Tests.Sensors.Devices;

public class HardwareSensorTests
{
    [Fact]
    public void Temperatures_from_hwmon_with_labels_fill_in_and_duplicate_names()
    {
        var r = Read(SensorsTemperaturesSensor.Info, "dev-laptop");

        Assert.Equal([55, 100, 100], Temperature(r, "coretemp.Package_id_0"));
        Assert.Equal([52, 100, 100], Temperature(r, "coretemp.Core_0"));
        Assert.Equal([51, 84, 84], Temperature(r, "coretemp.Core_1"));      // no crit: psutil copies high
        Assert.Equal([47, 98, 98], Temperature(r, "acpitz.temp1"));         // no label, no max: psutil copies crit
        Assert.Equal([38.85, 81.85, 84.85], Temperature(r, "nvme.Composite"));
        Assert.Equal([40.85, 81.85, 84.85], Temperature(r, "nvme.Composite_2")); // a second chip of the same name
        Assert.DoesNotContain(r.Keys, k => k.StartsWith("broken.", StringComparison.Ordinal)); // unparsable input skipped
        Assert.DoesNotContain(r.Keys, k => k.StartsWith("x86_pkg_temp.", StringComparison.Ordinal)); // zones only without hwmon
        Assert.Equal(6 * 3, r.Count);
    }

    [Fact]
    public void Temperatures_fall_back_to_thermal_zones_and_their_trip_points()
    {
        var r = Read(SensorsTemperaturesSensor.Info, "dev-thermal");

        Assert.Equal([61, 105, 105], Temperature(r, "x86_pkg_temp.thermal_zone0")); // a passive trip point is neither
        Assert.Equal([27.8, 95, 119], Temperature(r, "acpitz.thermal_zone1"));
        Assert.Equal(2 * 3, r.Count); // thermal_zone2 has no temp
    }

    [Fact]
    public void Fans_report_rpm_per_chip_and_label()
    {
        Assert.Equal(new Dictionary<string, double> { ["thinkpad.fan1.current"] = 2950, ["thinkpad.GPU_fan.current"] = 0 },
            Read(SensorsFansSensor.Info, "dev-laptop"));
        Assert.Equal(new Dictionary<string, double> { ["dell_smm.Processor_Fan.current"] = 1800 },
            Read(SensorsFansSensor.Info, "dev-thermal"));
    }

    [Fact]
    public void Fans_name_the_file_of_a_garbage_input()
    {
        var e = ThrowsNamingFile(SensorsFansSensor.Info, "dev-laptop", "sys/class/hwmon/hwmon2/fan1_input", file => File.WriteAllText(file, "fast\n"));

        Assert.Contains("'fast'", e.Message);
    }

    [Fact]
    public void Battery_discharging_from_energy_and_power()
    {
        var r = Read(SensorsBatterySensor.Info, "dev-laptop");

        // 30 Wh of 50 Wh at 10 W: 60 %, 3 h left; AC/online is 0.
        Assert.Equal(new Dictionary<string, double> { ["percent"] = 60, ["secsleft"] = 3 * 3600, ["power_plugged"] = 0 }, r);
    }

    [Fact]
    public void Battery_full_from_capacity_is_plugged_with_unlimited_time()
    {
        var r = Read(SensorsBatterySensor.Info, "dev-thermal");

        // BAT1 sorts before hidpp_battery_0; no AC adapter, so the status "Full" says plugged.
        Assert.Equal(new Dictionary<string, double> { ["percent"] = 87, ["secsleft"] = SensorsBatterySensor.SecondsLeftUnlimited, ["power_plugged"] = 1 }, r);
    }

    [Fact]
    public void A_machine_without_hwmon_thermal_or_battery_reports_nothing()
    {
        Assert.Empty(Read(SensorsTemperaturesSensor.Info, "dev-server"));
        Assert.Empty(Read(SensorsFansSensor.Info, "dev-server"));
        Assert.Empty(Read(SensorsBatterySensor.Info, "dev-server"));
    }

    private static double[] Temperature(IReadOnlyDictionary<string, double> r, string name) =>
        [r[name + ".current"], r[name + ".high"], r[name + ".critical"]];
}
