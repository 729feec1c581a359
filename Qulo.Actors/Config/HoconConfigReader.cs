using System.Text.RegularExpressions;
using Akka.Configuration;
using Akka.Configuration.Hocon;

namespace Qulo.Actors.Config;

/// <summary>
/// Reads QULo's native HOCON files (Akka's parser): everything lives under `qulo { ... }`, sensors under
/// `qulo.sensors.Name { time_interval = 10, option = value }`.
/// </summary>
public static partial class HoconConfigReader
{
    public const string Root = "qulo";
    private const string SensorsSection = "sensors";

    public static RawConfig Read(string file, string text)
    {
        var parsable = HoconStructure.Check(file, text);
        HoconValue root;
        try
        {
            root = ConfigurationFactory.ParseString(parsable).Root;
        }
        catch (FormatException e)
        {
            throw new ConfigException($"{file}:{LineOfPosition(text, e.Message)}: HOCON syntax error: {FirstLine(e.Message)}");
        }

        var config = new RawConfig(file);
        foreach (var (key, value) in root.GetObject().Items)
        {
            if (key != Root)
                throw new ConfigException($"{file}:{LineOfKey(text, key)}: unknown top-level key '{key}'; QULo's settings live under '{Root} {{ ... }}'");
            foreach (var (section, body) in ObjectItems(file, text, Root, value))
            {
                if (section == SensorsSection) ReadSensors(config, file, text, body);
                else ReadSection(config, file, text, section, body);
            }
        }
        return config;
    }

    private static void ReadSection(RawConfig config, string file, string text, string section, HoconValue body)
    {
        if (!ConfigSchema.All.Any(s => s.Section == section))
            throw new ConfigException($"{file}:{LineOfKey(text, section)}: unknown section '{Root}.{section}'; known sections are " +
                string.Join(", ", ConfigSchema.All.Select(s => s.Section).Distinct().Append(SensorsSection)));
        var sectionStart = IndexOfKey(text, section, 0);
        foreach (var (name, value) in ObjectItems(file, text, $"{Root}.{section}", body))
        {
            var key = $"{section}.{name}";
            var origin = new ConfigOrigin(file, LineOfKey(text, name, sectionStart));
            if (ConfigSchema.Find(key) is null)
                throw new ConfigException($"{origin}: unknown key '{Root}.{key}'; known keys in '{Root}.{section}' are: {ConfigSchema.KnownKeys(section)}");
            config.AddSetting(key, new ConfigEntry(Scalar(origin, key, value), origin));
        }
    }

    private static void ReadSensors(RawConfig config, string file, string text, HoconValue body)
    {
        var sensorsStart = IndexOfKey(text, SensorsSection, 0);
        foreach (var (sensor, sensorBody) in ObjectItems(file, text, $"{Root}.{SensorsSection}", body))
        {
            var sensorStart = IndexOfKey(text, sensor, sensorsStart);
            var keys = config.AddSensor(sensor, new ConfigOrigin(file, LineOfIndex(text, sensorStart)));
            foreach (var (name, value) in ObjectItems(file, text, $"{Root}.{SensorsSection}.{sensor}", sensorBody))
            {
                var origin = new ConfigOrigin(file, LineOfKey(text, name, sensorStart));
                keys[name] = new ConfigEntry(Scalar(origin, $"{SensorsSection}.{sensor}.{name}", value), origin);
            }
        }
    }

    private static IEnumerable<(string Key, HoconValue Value)> ObjectItems(string file, string text, string path, HoconValue value)
    {
        if (!value.IsObject())
            throw new ConfigException($"{file}:{LineOfKey(text, path.Split('.')[^1])}: '{path}' must be an object {{ ... }}");
        return value.GetObject().Items.Select(kv => (kv.Key, kv.Value));
    }

    /// <summary>A scalar as text; a list of scalars joined with ", " (the same form the INI files use).</summary>
    private static string Scalar(ConfigOrigin origin, string key, HoconValue value)
    {
        // Akka's parser reports an empty list as neither array nor string.
        if (value.Values is [HoconArray empty] && !value.IsArray() && empty.GetArray().Count == 0)
            return string.Empty;
        if (value.IsArray())
            return string.Join(", ", value.GetArray().Select(v => v.IsString() ? v.GetString() : throw NoValue(origin, key)));
        if (value.IsString()) return value.GetString();
        throw value.IsObject()
            ? new ConfigException($"{origin}: '{Root}.{key}' must be a value, not an object")
            : NoValue(origin, key);
    }

    private static ConfigException NoValue(ConfigOrigin origin, string key) =>
        new($"{origin}: '{Root}.{key}' has no value");

    /// <summary>Best effort: the first line where the key is being defined (Akka's parser keeps no positions).</summary>
    private static int LineOfKey(string text, string key, int from = 0) => LineOfIndex(text, IndexOfKey(text, key, from));

    private static int IndexOfKey(string text, string key, int from)
    {
        var match = new Regex($@"(^|[\s{{,.""]){Regex.Escape(key)}""?\s*[=:{{]", RegexOptions.Multiline).Match(text, from);
        return match.Success ? match.Index + match.Groups[1].Length : from;
    }

    private static int LineOfIndex(string text, int index) => text.AsSpan(0, index).Count('\n') + 1;

    private static int LineOfPosition(string text, string message)
    {
        var match = PositionPattern().Match(message);
        return match.Success && int.TryParse(match.Groups[1].Value, out var position)
            ? text.AsSpan(0, Math.Min(position, text.Length)).Count('\n') + 1
            : 1;
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();

    [GeneratedRegex(@"position (\d+)")]
    private static partial Regex PositionPattern();
}
