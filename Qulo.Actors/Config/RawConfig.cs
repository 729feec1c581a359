namespace Qulo.Actors.Config;

/// <summary>Where a value came from, for `check` and for error messages.</summary>
public sealed record ConfigOrigin(string File, int Line)
{
    public override string ToString() => $"{File}:{Line}";
}

public sealed record ConfigEntry(string Value, ConfigOrigin Origin);

/// <summary>
/// A configuration file read but not yet interpreted: canonical keys ("master.port") and sensor sections,
/// the same model for HOCON and the legacy INI format.
/// </summary>
public sealed class RawConfig
{
    public RawConfig(string? file) => File = file;

    /// <summary>The file read, or null when none was (all defaults).</summary>
    public string? File { get; }

    public Dictionary<string, ConfigEntry> Settings { get; } = new(StringComparer.Ordinal);

    /// <summary>Sensor name -> its keys (time_interval and options), in file order of the sensors.</summary>
    public List<(string Sensor, ConfigOrigin Origin, Dictionary<string, ConfigEntry> Keys)> Sensors { get; } = [];

    public void AddSetting(string key, ConfigEntry entry)
    {
        if (!Settings.TryAdd(key, entry))
            throw new ConfigException($"{entry.Origin}: '{key}' is set twice (first at {Settings[key].Origin})");
    }

    public Dictionary<string, ConfigEntry> AddSensor(string name, ConfigOrigin origin)
    {
        if (Sensors.Any(s => s.Sensor == name))
            throw new ConfigException($"{origin}: sensor {name} is configured twice");
        var keys = new Dictionary<string, ConfigEntry>(StringComparer.Ordinal);
        Sensors.Add((name, origin, keys));
        return keys;
    }
}
