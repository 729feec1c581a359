using Qulo.Actors.Security;
using Qulo.Actors.Sensors;

namespace Qulo.Actors.Config;

/// <summary>Log levels the original accepted (Python's logging names).</summary>
public enum QuloLogLevel { DEBUG, INFO, WARNING, ERROR, CRITICAL }

public sealed record LoggingSettings(string FileName, long MaxBytes, int BackupCount, QuloLogLevel Level);

/// <summary>The master's address: the master binds it, agents join it (the original's [qmaster] section).</summary>
public sealed record MasterEndpoint(string Host, int Port);

/// <summary>One active sensor: what it is, how often it samples, its validated options.</summary>
public sealed record SensorSettings(SensorInfo Info, TimeSpan Interval, SensorOptions Options);

/// <summary>How an agent names itself in Graphite paths (HOST in HOST.Sensor.field).</summary>
public sealed record HostNaming(string Hostname, bool UseFqdn, string Prefix);

/// <summary>Where the agent listens for the cluster (NAT: bind one address, advertise another).</summary>
public sealed record AgentNetwork(string BindHost, int BindPort, string PublicHost);

/// <param name="Tls">Mutual TLS on the cluster link; null: plain TCP.</param>
public sealed record AgentSettings(
    MasterEndpoint Master,
    AgentNetwork Network,
    HostNaming Naming,
    LoggingSettings Logging,
    int BufferSize,
    int BatchSize,
    IReadOnlyList<SensorSettings> Sensors,
    TlsCredentials? Tls = null);

/// <summary>One carbon-cache pickle receiver. <paramref name="Instance"/> names it in the hash ring as
/// carbon-relay's DESTINATIONS do (host:port:instance); needed when two share a host.</summary>
public sealed record CarbonDestination(string Host, int Port, string? Instance = null)
{
    public override string ToString() => Instance is null ? $"{Host}:{Port}" : $"{Host}:{Port}:{Instance}";
}

public sealed record GraphiteSettings(
    bool Enabled,
    IReadOnlyList<CarbonDestination> Destinations,
    int BatchSize,
    TimeSpan FlushInterval,
    int BufferSize,
    int MaxFrameBytes,
    string PlaintextFile,
    long PlaintextMaxBytes,
    int PlaintextBackupCount);

/// <param name="Tls">Mutual TLS on the cluster link; null: plain TCP.</param>
public sealed record MasterSettings(
    MasterEndpoint Bind,
    HostNaming Naming,
    LoggingSettings Logging,
    GraphiteSettings Graphite,
    TimeSpan SelfMetricsInterval,
    TlsCredentials? Tls = null);
