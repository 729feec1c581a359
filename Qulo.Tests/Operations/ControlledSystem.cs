using Qulo.Tests.Support;

namespace Qulo.Tests.Operations;

/// <summary>
/// A whole system for bin/qulo in a temp folder: conf.d/qulo, a qmaster and a qagent configuration on a
/// free loopback port, pid files under run/. Carbon (unless <see cref="UseCarbonCache"/>), graphite-web and
/// Grafana are off. Disposing stops whatever the test left running.
/// </summary>
internal sealed class ControlledSystem : IDisposable
{
    private readonly TempDirectory _dir = new("qulo-ops");
    private readonly int _masterPort = FreePort.Next();

    public ControlledSystem(string agents)
    {
        MasterConfig = WriteMasterConfig("graphite { enabled = false }");
        AgentConfig = _dir.Write("qagent.conf", $$"""
            qulo {
              master { host = 127.0.0.1, port = {{_masterPort}} }
              agent { bind-host = 127.0.0.1 }
              logging { filename = "{{_dir.File("qagent.log")}}", level = DEBUG }
              sensors { CPUPercent { time_interval = 10 } }
            }
            """);
        Directory.CreateDirectory(ConfigDir);
        System.IO.File.WriteAllText(Path.Combine(ConfigDir, "qulo"), $"""
            QULO_CARBON=no
            QULO_GRAPHITE_WEB=no
            QULO_GRAFANA=no
            QULO_MASTER=yes
            QULO_AGENTS="{agents}"
            QULO_MASTER_CONFIG={MasterConfig}
            QULO_AGENT_CONFIG={AgentConfig}
            QULO_RUN_DIR={RunDir}
            QULO_SERVICE_MANAGER=none
            QULO_QMASTER={Executables.Executable("qmaster")}
            QULO_QAGENT={Executables.Executable("qagent")}

            """);
    }

    public string ConfigDir => _dir.File("conf.d");
    public string RunDir => _dir.File("run");
    public string MasterConfig { get; }
    public string AgentConfig { get; }

    public string File(string name) => _dir.File(name);

    /// <summary>
    /// Adds carbon-cache (Debian's, with a private carbon.conf: loopback ports, all state under carbon/) to what
    /// qulo runs, started the way a machine without a service manager does, and points the master at it.
    /// </summary>
    public int UseCarbonCache()
    {
        var folder = _dir.File("carbon");
        foreach (var sub in new[] { "conf", "storage/whisper", "storage/lists", "log", "run" })
            Directory.CreateDirectory(Path.Combine(folder, sub));
        var picklePort = FreePort.Next();
        System.IO.File.WriteAllText(Path.Combine(folder, "conf", "storage-schemas.conf"), "[everything]\npattern = .*\nretentions = 10s:1h\n");
        var carbonConf = _dir.Write("carbon/conf/carbon.conf", $"""
            [cache]
            STORAGE_DIR = {folder}/storage/
            LOCAL_DATA_DIR = {folder}/storage/whisper/
            WHITELISTS_DIR = {folder}/storage/lists/
            CONF_DIR = {folder}/conf/
            LOG_DIR = {folder}/log/
            PID_DIR = {folder}/run/
            USER =
            LINE_RECEIVER_INTERFACE = 127.0.0.1
            LINE_RECEIVER_PORT = {FreePort.Next()}
            ENABLE_UDP_LISTENER = False
            PICKLE_RECEIVER_INTERFACE = 127.0.0.1
            PICKLE_RECEIVER_PORT = {picklePort}
            CACHE_QUERY_INTERFACE = 127.0.0.1
            CACHE_QUERY_PORT = {FreePort.Next()}
            """);
        AddSettings("QULO_CARBON=yes", $"QULO_CARBON_CONF={carbonConf}", $"QULO_CARBON_ADDRESS=127.0.0.1:{picklePort}");
        WriteMasterConfig($"graphite {{ host = 127.0.0.1, port = {picklePort} }}");
        return picklePort;
    }

    /// <summary>
    /// Adds the private Graphite of scripts/graphite (carbon-cache and graphite-web, state under graphite/, free
    /// loopback ports) to what qulo runs, and points the master at its carbon.
    /// </summary>
    public (int PicklePort, int WebPort) UsePrivateGraphite()
    {
        var (picklePort, webPort) = (FreePort.Next(), FreePort.Next());
        AddSettings("QULO_CARBON=yes", "QULO_GRAPHITE_WEB=yes", $"QULO_GRAPHITE_DIR={_dir.File("graphite")}",
            $"QULO_CARBON_ADDRESS=127.0.0.1:{picklePort}", $"QULO_GRAPHITE_WEB_ADDRESS=127.0.0.1:{webPort}",
            $"export CARBON_LINE_PORT={FreePort.Next()} CARBON_QUERY_PORT={FreePort.Next()}");
        WriteMasterConfig($"graphite {{ host = 127.0.0.1, port = {picklePort} }}");
        return (picklePort, webPort);
    }

    /// <summary>Adds lines to conf.d/qulo; later assignments win, as the shell reads them.</summary>
    public void AddSettings(params string[] lines) =>
        System.IO.File.AppendAllLines(Path.Combine(ConfigDir, "qulo"), lines);

    public string Write(string name, string content) => _dir.Write(name, content);

    public CliResult Qulo(string command) => Scripts.Run("bin/qulo", [command, "--config-dir", ConfigDir]);

    /// <summary>The pid in run/NAME, or null when there is no such file.</summary>
    public int? Pid(string pidFile)
    {
        var path = Path.Combine(RunDir, pidFile);
        return System.IO.File.Exists(path) ? int.Parse(System.IO.File.ReadAllText(path).Trim()) : null;
    }

    public string Log(string name) => System.IO.File.Exists(_dir.File(name)) ? System.IO.File.ReadAllText(_dir.File(name)) : "(no log)";

    private string WriteMasterConfig(string graphite) => _dir.Write("qmaster.conf", $$"""
        qulo {
          master { host = 127.0.0.1, port = {{_masterPort}} }
          {{graphite}}
          logging { filename = "{{_dir.File("qmaster.log")}}", level = DEBUG }
        }
        """);

    public void Dispose()
    {
        Qulo("stop");
        _dir.Dispose();
    }
}
