using System.Globalization;

namespace Qulo.Actors.Config;

[Flags]
public enum QuloProgram { Agent = 1, Master = 2, Both = Agent | Master }

public enum SettingKind { Text, Host, Port, PortOrZero, PositiveInt, PositiveLong, NonNegativeInt, NonNegativeLong, Bool, LogLevel, Seconds, Destinations, Secret }

/// <summary>One setting: canonical key (the HOCON path under `qulo`), default, meaning, and its legacy INI spellings.</summary>
public sealed record SettingDefinition(string Key, string Default, string Help, SettingKind Kind, QuloProgram Programs, params string[] IniAliases)
{
    public string Section => Key[..Key.IndexOf('.')];
    public string Name => Key[(Key.IndexOf('.') + 1)..];
}

/// <summary>Every setting either program reads. Defaults come from <see cref="Defaults"/>; nothing else holds them.</summary>
public static class ConfigSchema
{
    /// <summary>The sensor key that sets the sampling period, spelled as in the original's INI files.</summary>
    public const string TimeInterval = "time_interval";

    public static readonly IReadOnlyList<SettingDefinition> All =
    [
        new("master.host", Defaults.MasterHost, "address the master binds and the agents join", SettingKind.Host, QuloProgram.Both),
        new("master.port", I(Defaults.MasterPort), "the master's cluster port (the original's incoming data port)", SettingKind.Port, QuloProgram.Both, "incoming data port"),
        new("master.self-metrics-interval", I(Defaults.MasterSelfMetricsIntervalSeconds), "seconds between the master's own metrics (QuloMaster.*)", SettingKind.Seconds, QuloProgram.Master),

        new("naming.hostname", "", "HOST in Graphite paths; empty: this machine's name", SettingKind.Text, QuloProgram.Both),
        new("naming.use-fqdn", "false", "use the full host name (dots become _) instead of the short one", SettingKind.Bool, QuloProgram.Both),
        new("naming.prefix", "", "path prefix before HOST (e.g. clusters.hpc1); empty: none", SettingKind.Text, QuloProgram.Both),

        new("agent.bind-host", "", "address the agent listens on; empty: 127.0.0.1 when the master is on loopback, else 0.0.0.0", SettingKind.Text, QuloProgram.Agent),
        new("agent.bind-port", I(Defaults.AgentBindPort), "port the agent listens on; 0: any free port", SettingKind.PortOrZero, QuloProgram.Agent),
        new("agent.public-host", "", "address the master reaches the agent at (NAT); empty: the bind address or host name", SettingKind.Text, QuloProgram.Agent),
        new("agent.buffer-size", I(Defaults.AgentBufferSize), "datapoints kept while no master is reachable; the oldest are dropped beyond it", SettingKind.PositiveInt, QuloProgram.Agent),
        new("agent.batch-size", I(Defaults.AgentBatchSize), "datapoints per message to the master", SettingKind.PositiveInt, QuloProgram.Agent),

        new("graphite.enabled", Defaults.GraphiteEnabled ? "true" : "false", "send to carbon at all", SettingKind.Bool, QuloProgram.Master),
        new("graphite.host", Defaults.GraphiteHost, "carbon host", SettingKind.Host, QuloProgram.Master),
        new("graphite.port", I(Defaults.GraphitePicklePort), "carbon's pickle receiver port (the original's carbon receiver pickle port)", SettingKind.Port, QuloProgram.Master, "carbon receiver pickle port"),
        new("graphite.destinations", "", "several carbons as host:port or host:port:instance, spread by carbon-relay's consistent hashing; empty: host and port above", SettingKind.Destinations, QuloProgram.Master),
        new("graphite.batch-size", I(Defaults.CarbonBatchSize), "datapoints per pickle frame before a flush", SettingKind.PositiveInt, QuloProgram.Master),
        new("graphite.flush-interval", I(Defaults.CarbonFlushIntervalSeconds), "seconds before a partial batch is flushed", SettingKind.Seconds, QuloProgram.Master),
        new("graphite.buffer-size", I(Defaults.CarbonBufferSize), "datapoints kept while carbon is away; the oldest are dropped beyond it", SettingKind.PositiveInt, QuloProgram.Master),
        new("graphite.max-frame-bytes", I(Defaults.CarbonMaxFrameBytes), "largest pickle frame (carbon's PICKLE_RECEIVER_MAX_LENGTH)", SettingKind.PositiveInt, QuloProgram.Master),
        new("graphite.plaintext-file", "", "also write every datapoint as 'path value timestamp' lines to this file; empty: off", SettingKind.Text, QuloProgram.Master),

        new("graphite.plaintext-max-bytes", I(Defaults.PlaintextMaxBytes), "rotate the plaintext file at this size", SettingKind.PositiveLong, QuloProgram.Master),
        new("graphite.plaintext-backup-count", I(Defaults.PlaintextBackupCount), "rotated plaintext files kept", SettingKind.NonNegativeInt, QuloProgram.Master),

        new("logging.filename", "", "log file (default /var/log/qulo/qagent.log or qmaster.log); set it empty for console only", SettingKind.Text, QuloProgram.Both),
        new("logging.max-bytes", I(Defaults.LogMaxBytes), "rotate the log at this size; 0: never (the original's maxBytes)", SettingKind.NonNegativeLong, QuloProgram.Both, "maxbytes"),
        new("logging.backup-count", I(Defaults.LogBackupCount), "rotated log files kept (the original's backupCount)", SettingKind.NonNegativeInt, QuloProgram.Both, "backupcount"),
        new("logging.level", Defaults.LogLevel, "DEBUG, INFO, WARNING, ERROR or CRITICAL", SettingKind.LogLevel, QuloProgram.Both),

        new("tls.enabled", Defaults.TlsEnabled ? "true" : "false", "mutual TLS on the agent<->master link: every node presents a certificate signed by tls.ca and refuses any other; all nodes must agree", SettingKind.Bool, QuloProgram.Both),
        new("tls.certificate", Defaults.TlsCertificate, "this node's certificate: PEM (its key in tls.key) or PKCS#12 (.p12/.pfx, key inside)", SettingKind.Text, QuloProgram.Both),
        new("tls.key", Defaults.TlsKey, "the certificate's PEM private key, not readable by other users; empty: in the certificate file", SettingKind.Text, QuloProgram.Both),
        new("tls.password-file", "", "file whose first line is the password of an encrypted key or PKCS#12 file; empty: none", SettingKind.Text, QuloProgram.Both),
        new("tls.password", "", "the password itself (check prints it masked); prefer password-file", SettingKind.Secret, QuloProgram.Both),
        new("tls.ca", Defaults.TlsCa, "the cluster's private CA certificate (PEM): peers must present a certificate it signed; the system's trust store is not used", SettingKind.Text, QuloProgram.Both),
    ];

    /// <summary>The INI section names of the original, mapped to the canonical sections.</summary>
    public static readonly IReadOnlyDictionary<string, string> IniSections = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["qmaster"] = "master", ["Graphite"] = "graphite", ["logging"] = "logging", ["agent"] = "agent", ["naming"] = "naming", ["tls"] = "tls",
    };

    public const string IniSensorPrefix = "sensor:";

    public static IEnumerable<SettingDefinition> For(QuloProgram program) => All.Where(s => (s.Programs & program) != 0);

    public static SettingDefinition? Find(string key) => All.FirstOrDefault(s => s.Key == key);

    public static string KnownKeys(string section) =>
        string.Join(", ", All.Where(s => s.Section == section).Select(s => s.Name));

    private static string I(double value) => value.ToString(CultureInfo.InvariantCulture);
}
