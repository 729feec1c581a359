using System.Globalization;

namespace Qulo.Actors.Config;

/// <summary>Turns a raw setting into a typed value, or a ConfigException naming the key, the value and the place.</summary>
internal static class SettingValues
{
    public static void Validate(SettingDefinition definition, string raw, string where)
    {
        switch (definition.Kind)
        {
            case SettingKind.Host when raw.Length == 0: throw Bad(where, definition, raw, "an empty host name");
            case SettingKind.Port: Integer(definition, raw, where, 1, 65535, "a port (1-65535)"); break;
            case SettingKind.PortOrZero: Integer(definition, raw, where, 0, 65535, "a port (0-65535, 0 for any)"); break;
            case SettingKind.PositiveInt: Integer(definition, raw, where, 1, int.MaxValue, "a positive whole number"); break;
            case SettingKind.PositiveLong: Integer(definition, raw, where, 1, long.MaxValue, "a positive whole number"); break;
            case SettingKind.NonNegativeInt: Integer(definition, raw, where, 0, int.MaxValue, "a whole number >= 0"); break;
            case SettingKind.NonNegativeLong: Integer(definition, raw, where, 0, long.MaxValue, "a whole number >= 0"); break;
            case SettingKind.Bool: Bool(definition, raw, where); break;
            case SettingKind.LogLevel: LogLevel(definition, raw, where); break;
            case SettingKind.Seconds: Seconds(raw, $"{where}: {definition.Key}"); break;
            case SettingKind.Destinations: Destinations(definition, raw, where); break;
        }
    }

    public static long Integer(SettingDefinition definition, string raw, string where, long min, long max, string what) =>
        long.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw Bad(where, definition, raw, $"not {what}");

    public static bool Bool(SettingDefinition definition, string raw, string where) =>
        Sensors.SensorOptions.TryParseBool(raw, out var value) ? value : throw Bad(where, definition, raw, "not a boolean (true/false, yes/no, on/off, 1/0)");

    public static QuloLogLevel LogLevel(SettingDefinition definition, string raw, string where) =>
        Enum.TryParse<QuloLogLevel>(raw.Trim(), ignoreCase: true, out var level) && Enum.IsDefined(level) && !int.TryParse(raw, out _)
            ? level
            : throw Bad(where, definition, raw, $"not a log level ({string.Join(", ", Enum.GetNames<QuloLogLevel>())})");

    /// <summary>Seconds as a number ("10", "0.5") or with a unit ("500ms", "1s", "5m"); must be positive.</summary>
    public static TimeSpan Seconds(string raw, string what)
    {
        var text = raw.Trim().ToLowerInvariant();
        var (number, scale) = text.EndsWith("ms") ? (text[..^2], 0.001)
            : text.EndsWith('s') ? (text[..^1], 1.0)
            : text.EndsWith('m') ? (text[..^1], 60.0)
            : (text, 1.0);
        if (!double.TryParse(number.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || double.IsNaN(value) || double.IsInfinity(value))
            throw new ConfigException($"{what}: '{raw}' is not a number of seconds");
        if (value <= 0)
            throw new ConfigException($"{what}: '{raw}' must be a positive number of seconds");
        return TimeSpan.FromSeconds(value * scale);
    }

    public static IReadOnlyList<CarbonDestination> Destinations(SettingDefinition definition, string raw, string where) =>
        Sensors.SensorOptions.SplitList(raw).Select(item =>
        {
            // host:port or host:port:instance, as carbon-relay's DESTINATIONS.
            var parts = item.Split(':');
            if (parts.Length is < 2 or > 3 || parts[0].Length == 0 || !int.TryParse(parts[1], out var port) || port is < 1 or > 65535)
                throw Bad(where, definition, item, "not host:port or host:port:instance");
            return new CarbonDestination(parts[0], port, parts.Length == 3 ? parts[2] : null);
        }).ToList();

    private static ConfigException Bad(string where, SettingDefinition definition, string raw, string problem) =>
        new($"{where}: {definition.Key} = '{raw}' is {problem}");
}
