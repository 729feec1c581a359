using System.Globalization;

namespace Qulo.Actors.Config;

/// <summary>A read configuration seen through the schema: every key validated, typed getters, defaults filled in.</summary>
internal sealed class ConfigView
{
    public const string DefaultOrigin = "default";
    private readonly RawConfig _raw;
    private readonly QuloProgram _program;

    public ConfigView(RawConfig raw, QuloProgram program)
    {
        _raw = raw;
        _program = program;
        foreach (var (key, entry) in raw.Settings)
            SettingValues.Validate(ConfigSchema.Find(key)!, entry.Value, entry.Origin.ToString());
    }

    public bool IsSet(string key) => _raw.Settings.ContainsKey(key);

    public string Text(string key) => _raw.Settings.TryGetValue(key, out var entry) ? entry.Value : Definition(key).Default;

    public int Int(string key) => (int)SettingValues.Integer(Definition(key), Text(key), Where(key), int.MinValue, int.MaxValue, "a whole number");
    public long Long(string key) => SettingValues.Integer(Definition(key), Text(key), Where(key), long.MinValue, long.MaxValue, "a whole number");
    public bool Bool(string key) => SettingValues.Bool(Definition(key), Text(key), Where(key));
    public QuloLogLevel LogLevel(string key) => SettingValues.LogLevel(Definition(key), Text(key), Where(key));
    public TimeSpan Seconds(string key) => SettingValues.Seconds(Text(key), $"{Where(key)}: {key}");
    public IReadOnlyList<CarbonDestination> Destinations(string key) => SettingValues.Destinations(Definition(key), Text(key), Where(key));

    public string Where(string key) => _raw.Settings.TryGetValue(key, out var entry) ? entry.Origin.ToString() : DefaultOrigin;

    /// <summary>Secrets are shown as set or not, never their value.</summary>
    public IEnumerable<EffectiveSetting> Effective(Func<string, string>? display = null) =>
        ConfigSchema.For(_program).Select(s => new EffectiveSetting(s.Key,
            s.Kind == SettingKind.Secret ? Masked(Text(s.Key)) : display?.Invoke(s.Key) ?? Text(s.Key), Where(s.Key)));

    public const string MaskedSecret = "********";

    private static string Masked(string secret) => secret.Length > 0 ? MaskedSecret : "";

    private static SettingDefinition Definition(string key) => ConfigSchema.Find(key) ?? throw new ArgumentException(key);

    public static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);
}
