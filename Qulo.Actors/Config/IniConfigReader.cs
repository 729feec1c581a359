namespace Qulo.Actors.Config;

/// <summary>
/// Reads the Python QULo's INI files unchanged, with configparser's rules: `key = value` or `key: value`,
/// keys case-insensitive, full-line comments with # or ;, indented lines continue a value.
/// Sections [qmaster], [Graphite], [logging] and [sensor:Name]; legacy key spellings map to canonical keys.
/// </summary>
public static class IniConfigReader
{
    public static RawConfig Read(string file, string text)
    {
        var config = new RawConfig(file);
        string? section = null;
        Dictionary<string, ConfigEntry>? sensorKeys = null;
        (string Key, ConfigEntry Entry, Action<string, ConfigEntry> Store)? pending = null;

        void Flush()
        {
            if (pending is { } p) p.Store(p.Key, p.Entry);
            pending = null;
        }

        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            var origin = new ConfigOrigin(file, i + 1);
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed[0] is '#' or ';') continue;

            if (char.IsWhiteSpace(line[0]) && pending is { } continued)
            {
                pending = continued with { Entry = continued.Entry with { Value = continued.Entry.Value + "\n" + trimmed } };
                continue;
            }
            Flush();

            if (trimmed[0] == '[')
            {
                if (!trimmed.EndsWith(']'))
                    throw new ConfigException($"{origin}: section header '{trimmed}' has no closing ']'");
                section = trimmed[1..^1].Trim();
                sensorKeys = section.StartsWith(ConfigSchema.IniSensorPrefix, StringComparison.Ordinal)
                    ? config.AddSensor(section[ConfigSchema.IniSensorPrefix.Length..].Trim(), origin)
                    : null;
                if (sensorKeys is null && !ConfigSchema.IniSections.ContainsKey(section))
                    throw new ConfigException($"{origin}: unknown section [{section}]; known sections are " +
                        string.Join(", ", ConfigSchema.IniSections.Keys.Select(s => $"[{s}]")) + $" and [{ConfigSchema.IniSensorPrefix}Name]");
                continue;
            }

            var separator = trimmed.IndexOfAny(['=', ':']);
            if (separator <= 0)
                throw new ConfigException($"{origin}: expected 'key = value', found '{trimmed}'");
            if (section is null)
                throw new ConfigException($"{origin}: '{trimmed}' comes before any [section]");
            var key = trimmed[..separator].Trim().ToLowerInvariant();
            var entry = new ConfigEntry(trimmed[(separator + 1)..].Trim(), origin);

            if (sensorKeys is { } keys)
            {
                pending = (key, entry, (k, e) =>
                {
                    if (!keys.TryAdd(k, e)) throw new ConfigException($"{e.Origin}: '{k}' is set twice in [{section}]");
                });
            }
            else
            {
                var canonical = Canonical(ConfigSchema.IniSections[section], key, origin, section);
                pending = (canonical, entry, config.AddSetting);
            }
        }
        Flush();
        return config;
    }

    private static string Canonical(string canonicalSection, string iniKey, ConfigOrigin origin, string section)
    {
        var normalized = iniKey.Replace('_', '-');
        var match = ConfigSchema.All.FirstOrDefault(s => s.Section == canonicalSection &&
            (s.Name == normalized || s.IniAliases.Any(a => string.Equals(a, iniKey, StringComparison.OrdinalIgnoreCase))));
        return match?.Key ?? throw new ConfigException(
            $"{origin}: unknown key '{iniKey}' in [{section}]; known keys are: {LegacyAndCanonical(canonicalSection)}");
    }

    private static string LegacyAndCanonical(string canonicalSection) =>
        string.Join(", ", ConfigSchema.All.Where(s => s.Section == canonicalSection).SelectMany(s => s.IniAliases.Append(s.Name)));
}
