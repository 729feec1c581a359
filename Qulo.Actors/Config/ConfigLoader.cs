using Qulo.Actors.Security;

namespace Qulo.Actors.Config;

/// <summary>A program's settings and, for `check`, where each came from.</summary>
public sealed record Loaded<TSettings>(TSettings Settings, string? File, IReadOnlyList<EffectiveSetting> Effective);

/// <summary>
/// Finds, reads and interprets a configuration file. The format is detected: a file whose first meaningful
/// line is an [INI section] is the original's format, anything else is HOCON.
/// </summary>
public static class ConfigLoader
{
    public static Loaded<AgentSettings> LoadAgent(string? explicitPath) =>
        BuildAgent(Read(explicitPath, Defaults.AgentConfigFile));

    public static Loaded<MasterSettings> LoadMaster(string? explicitPath) =>
        BuildMaster(Read(explicitPath, Defaults.MasterConfigFile));

    /// <summary>A missing default file means defaults; a missing file named with -c is an error.</summary>
    public static RawConfig Read(string? explicitPath, string defaultPath)
    {
        var path = explicitPath ?? defaultPath;
        if (!File.Exists(path))
            return explicitPath is null
                ? new RawConfig(null)
                : throw new ConfigException($"configuration file {path} does not exist");
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"cannot read configuration file {path}: {e.Message}");
        }
        return Parse(path, text);
    }

    public static RawConfig Parse(string file, string text) =>
        IsIni(text) ? IniConfigReader.Read(file, text) : HoconConfigReader.Read(file, text);

    public static Loaded<AgentSettings> BuildAgent(RawConfig raw)
    {
        var view = new ConfigView(raw, QuloProgram.Agent);
        var (sensors, sensorEffective) = SensorSettingsReader.Read(raw);
        var settings = new AgentSettings(
            Master(view),
            new AgentNetwork(view.Text("agent.bind-host"), view.Int("agent.bind-port"), view.Text("agent.public-host")),
            Naming(view),
            Logging(view, Defaults.AgentLogFile),
            view.Int("agent.buffer-size"),
            view.Int("agent.batch-size"),
            sensors,
            Tls(view));
        return new Loaded<AgentSettings>(settings, raw.File, [.. Effective(view, settings.Logging), .. sensorEffective]);
    }

    public static Loaded<MasterSettings> BuildMaster(RawConfig raw)
    {
        var view = new ConfigView(raw, QuloProgram.Master);
        var destinations = view.Destinations("graphite.destinations");
        var graphite = new GraphiteSettings(
            view.Bool("graphite.enabled"),
            destinations.Count > 0 ? destinations : [new CarbonDestination(view.Text("graphite.host"), view.Int("graphite.port"))],
            view.Int("graphite.batch-size"),
            view.Seconds("graphite.flush-interval"),
            view.Int("graphite.buffer-size"),
            view.Int("graphite.max-frame-bytes"),
            view.Text("graphite.plaintext-file"),
            view.Long("graphite.plaintext-max-bytes"),
            view.Int("graphite.plaintext-backup-count"));
        var settings = new MasterSettings(Master(view), Naming(view), Logging(view, Defaults.MasterLogFile), graphite,
            view.Seconds("master.self-metrics-interval"), Tls(view));
        return new Loaded<MasterSettings>(settings, raw.File, Effective(view, settings.Logging).ToList());
    }

    private static MasterEndpoint Master(ConfigView view) => new(view.Text("master.host"), view.Int("master.port"));

    private static HostNaming Naming(ConfigView view) =>
        new(view.Text("naming.hostname"), view.Bool("naming.use-fqdn"), view.Text("naming.prefix"));

    /// <summary>Unset filename: the program's own log file; set but empty: console only.</summary>
    private static LoggingSettings Logging(ConfigView view, string defaultFile) => new(
        view.IsSet("logging.filename") ? view.Text("logging.filename") : defaultFile,
        view.Long("logging.max-bytes"),
        view.Int("logging.backup-count"),
        view.LogLevel("logging.level"));

    /// <summary>The files are read here, so `check` and `run` reject a broken TLS set-up before anything starts.</summary>
    private static TlsCredentials? Tls(ConfigView view) => view.Bool("tls.enabled")
        ? new TlsFiles(view.Text("tls.certificate"), view.Text("tls.key"), view.Text("tls.ca"), view.Text("tls.password"), view.Text("tls.password-file")).Load()
        : null;

    private static IEnumerable<EffectiveSetting> Effective(ConfigView view, LoggingSettings logging) =>
        view.Effective(key => key == "logging.filename" ? logging.FileName : view.Text(key));

    private static bool IsIni(string text)
    {
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.Trim();
            if (line.Length == 0 || line[0] is '#' or ';' || line.StartsWith("//")) continue;
            return line[0] == '[' && line.EndsWith(']');
        }
        return false;
    }
}
