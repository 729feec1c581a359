using Qulo.Actors.Sensors;

namespace Qulo.Actors.Config;

/// <summary>Turns the configured sensor sections into validated SensorSettings; none configured means the seed's twenty.</summary>
internal static class SensorSettingsReader
{
    public static (IReadOnlyList<SensorSettings> Sensors, IReadOnlyList<EffectiveSetting> Effective) Read(RawConfig raw)
    {
        var sensors = new List<SensorSettings>();
        var effective = new List<EffectiveSetting>();
        if (raw.Sensors.Count == 0)
        {
            foreach (var (name, seconds) in Defaults.SeedSensors)
                if (SensorRegistry.TryGet(name, out var info))
                    Add(info, TimeSpan.FromSeconds(seconds), SensorOptions.Defaults(info), ConfigView.DefaultOrigin, null);
            return (sensors, effective);
        }

        foreach (var (name, origin, keys) in raw.Sensors)
        {
            if (!SensorRegistry.TryGet(name, out var info))
                throw new ConfigException($"{origin}: {name}: invalid sensor name; valid names are: {string.Join(", ", SensorRegistry.Names)}");
            var interval = keys.TryGetValue(ConfigSchema.TimeInterval, out var given)
                ? SettingValues.Seconds(given.Value, $"{given.Origin}: sensor {name}, {ConfigSchema.TimeInterval}")
                : TimeSpan.FromSeconds(SeedInterval(name));
            var optionValues = keys.Where(k => k.Key != ConfigSchema.TimeInterval).ToDictionary(k => k.Key, k => k.Value.Value);
            SensorOptions options;
            try
            {
                options = SensorOptions.Create(info, optionValues);
            }
            catch (ArgumentException e)
            {
                throw new ConfigException($"{origin}: {e.Message}");
            }
            Add(info, interval, options, given?.Origin.ToString() ?? ConfigView.DefaultOrigin, keys);
        }
        return (sensors, effective);

        void Add(SensorInfo info, TimeSpan interval, SensorOptions options, string intervalOrigin, Dictionary<string, ConfigEntry>? keys)
        {
            sensors.Add(new SensorSettings(info, interval, options));
            var prefix = $"sensors.{info.Name}.";
            effective.Add(new EffectiveSetting(prefix + ConfigSchema.TimeInterval, ConfigView.Number(interval.TotalSeconds), intervalOrigin));
            foreach (var option in info.Options)
                effective.Add(keys is not null && keys.TryGetValue(option.Name, out var entry)
                    ? new EffectiveSetting(prefix + option.Name, entry.Value, entry.Origin.ToString())
                    : new EffectiveSetting(prefix + option.Name, option.Default, ConfigView.DefaultOrigin));
        }
    }

    /// <summary>The seed's interval for a seed sensor; 30 s for sensors the seed did not have.</summary>
    private static double SeedInterval(string name) =>
        Defaults.SeedSensors.Where(s => s.Sensor == name).Select(s => s.IntervalSeconds).DefaultIfEmpty(Defaults.OtherSensorIntervalSeconds).First();
}
