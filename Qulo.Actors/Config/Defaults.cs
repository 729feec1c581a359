namespace Qulo.Actors.Config;

/// <summary>
/// Every default in one place, as the original kept them in qulo/constants.py.
/// hocon/qmaster.conf and hocon/qagent.conf document the same values (a test keeps them in step).
/// </summary>
public static class Defaults
{
    public const string AgentConfigFile = "/etc/qulo/qagent.conf";
    public const string MasterConfigFile = "/etc/qulo/qmaster.conf";
    public const string AgentPidFile = "/run/qagent.pid";
    public const string MasterPidFile = "/run/qmaster.pid";

    public const string MasterHost = "127.0.0.1";
    public const int MasterPort = 7888;

    public const bool GraphiteEnabled = true;
    public const string GraphiteHost = "localhost";
    public const int GraphitePicklePort = 2004;
    /// <summary>Datapoints per pickle frame before a flush.</summary>
    public const int CarbonBatchSize = 500;
    public const double CarbonFlushIntervalSeconds = 1;
    /// <summary>Datapoints kept in memory while carbon is away; the oldest are dropped beyond it.</summary>
    public const int CarbonBufferSize = 1_000_000;
    /// <summary>carbon's PICKLE_RECEIVER_MAX_LENGTH default (1 MiB).</summary>
    public const int CarbonMaxFrameBytes = 1 << 20;
    public const double MasterSelfMetricsIntervalSeconds = 10;
    /// <summary>The plaintext datapoint file rotates at this size (about 1.5 million lines)...</summary>
    public const long PlaintextMaxBytes = 100L * 1024 * 1024;
    /// <summary>... keeping this many old files (FILE.1 newest), as Python's RotatingFileHandler does.</summary>
    public const int PlaintextBackupCount = 5;

    public const string AgentLogFile = "/var/log/qulo/qagent.log";
    public const string MasterLogFile = "/var/log/qulo/qmaster.log";
    /// <summary>0: no rotation, as the original did when maxBytes was not given.</summary>
    public const long LogMaxBytes = 0;
    public const int LogBackupCount = 0;
    public const string LogLevel = "INFO";

    /// <summary>Agent: 0 lets the OS choose the port the agent listens on.</summary>
    public const int AgentBindPort = 0;
    /// <summary>Datapoints an agent buffers while no master is reachable (well over an hour of all sensors at seed intervals).</summary>
    public const int AgentBufferSize = 500_000;
    /// <summary>Datapoints per batch sent to the master: far below Akka's 128,000-byte frame limit.</summary>
    public const int AgentBatchSize = 1_000;

    /// <summary>Mutual TLS on the cluster link (off: plain TCP, as the original's link was).</summary>
    public const bool TlsEnabled = false;
    /// <summary>Where an administrator following the README puts a node's certificate, its key and the cluster CA.</summary>
    public const string TlsCertificate = "/etc/qulo/tls/node.crt";
    public const string TlsKey = "/etc/qulo/tls/node.key";
    public const string TlsCa = "/etc/qulo/tls/ca.crt";

    /// <summary>Interval for a configured sensor that is not one of the seed's twenty and has no time_interval.</summary>
    public const double OtherSensorIntervalSeconds = 30;

    /// <summary>The twenty seed sensors and their intervals in seconds (the original's qagent.conf).</summary>
    public static readonly IReadOnlyList<(string Sensor, double IntervalSeconds)> SeedSensors =
    [
        ("CPUPercent", 10), ("VirtualMemory", 30), ("CPUTimes", 30), ("CPUTimesPercent", 10),
        ("CPUCount", 300), ("CPUStats", 30), ("CPUFreq", 300), ("SwapMemory", 60),
        ("DiskPartitions", 60), ("DiskUsage", 30), ("DiskIOCounters", 20), ("NetIOCounters", 10),
        ("NetConnections", 20), ("NetIFAddrs", 30), ("NetIFStats", 30), ("SensorsTemperatures", 30),
        ("SensorsFans", 30), ("SensorsBattery", 30), ("BootTime", 300), ("Users", 10),
    ];
}
