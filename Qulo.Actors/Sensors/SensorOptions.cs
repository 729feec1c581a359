namespace Qulo.Actors.Sensors;

/// <summary>A sensor's options after validation: every declared option has a value (given or default).</summary>
public sealed class SensorOptions : IEquatable<SensorOptions>
{
    private readonly IReadOnlyDictionary<string, string> _values;

    private SensorOptions(IReadOnlyDictionary<string, string> values) => _values = values;

    public static SensorOptions Defaults(SensorInfo info) => Create(info, new Dictionary<string, string>());

    /// <summary>Validates given raw values against the sensor's declared options.</summary>
    /// <exception cref="ArgumentException">An unknown option or a bad value, with the sensor's options listed.</exception>
    public static SensorOptions Create(SensorInfo info, IReadOnlyDictionary<string, string> given)
    {
        var values = info.Options.ToDictionary(o => o.Name, o => o.Default, StringComparer.Ordinal);
        foreach (var (name, raw) in given)
        {
            var option = info.Options.FirstOrDefault(o => o.Name == name)
                ?? throw new ArgumentException($"sensor {info.Name} has no option '{name}'; {DescribeOptions(info)}");
            if (option.Validate(raw) is { } error)
                throw new ArgumentException($"sensor {info.Name}, option '{name}': {error}");
            values[name] = raw;
        }
        return new SensorOptions(values);
    }

    public static string DescribeOptions(SensorInfo info) => info.Options.Count == 0
        ? "it takes no options"
        : "its options are: " + string.Join(", ", info.Options.Select(o => $"{o.Name} (default {o.Default})"));

    /// <summary>Equal when every option has the same value: a reload leaves such a sensor running.</summary>
    public bool Equals(SensorOptions? other) =>
        other is not null && _values.Count == other._values.Count &&
        _values.All(kv => other._values.TryGetValue(kv.Key, out var value) && value == kv.Value);

    public override bool Equals(object? obj) => Equals(obj as SensorOptions);

    public override int GetHashCode() => _values.Count;

    public bool GetBool(string name) => TryParseBool(_values[name], out var b) ? b : throw new InvalidOperationException(name);
    public double GetPositiveNumber(string name) => TryParsePositiveNumber(_values[name], out var n) ? n : throw new InvalidOperationException(name);
    public string GetString(string name) => _values[name];
    public IReadOnlyList<string> GetList(string name) => SplitList(_values[name]);

    public static bool TryParseBool(string raw, out bool value)
    {
        switch (raw.Trim().ToLowerInvariant())
        {
            case "true" or "yes" or "on" or "1": value = true; return true;
            case "false" or "no" or "off" or "0": value = false; return true;
            default: value = false; return false;
        }
    }

    public static bool TryParsePositiveNumber(string raw, out double value) =>
        double.TryParse(raw.Trim(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out value)
        && value > 0 && double.IsFinite(value);

    /// <summary>"/, /home" and HOCON lists (joined by the config loader with commas) both split here.</summary>
    public static IReadOnlyList<string> SplitList(string raw) =>
        raw.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
