using System.Diagnostics;
using System.Globalization;
using System.Text;
using Qulo.Actors.Config;
using Qulo.Actors.Master;
using Qulo.Actors.Security;
using Qulo.Actors.Serialization;
using Qulo.Tests.Support;

namespace Qulo.Tests.Cluster;

/// <summary>A real qmaster or qagent process, started with `run -c FILE`.</summary>
internal sealed class NodeProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _console = new();

    public NodeProcess(string program, string configFile, string logFile, IEnumerable<string> extraArguments)
    {
        Name = $"{program} {Path.GetFileNameWithoutExtension(configFile)}";
        LogFile = logFile;
        _process = new Process { StartInfo = Executables.StartInfo(program, ["run", "-c", configFile, .. extraArguments]) };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }

    public string LogFile { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>kill -9: no goodbye to the cluster.</summary>
    public void Kill9()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    /// <summary>SIGTERM, as `qagent stop` sends it, and wait for the process to leave the cluster and exit.</summary>
    public int Stop()
    {
        if (!Qulo.Actors.Cli.Posix.Terminate(_process.Id)) throw new InvalidOperationException($"cannot signal {Name} (pid {_process.Id})");
        if (!_process.WaitForExit(TimeSpan.FromSeconds(60)))
            throw new TimeoutException($"{Name} still running 60 s after SIGTERM\n{Diagnostics()}");
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public string Log() => File.Exists(LogFile) ? File.ReadAllText(LogFile) : "";

    /// <summary>The names of the process's threads now (/proc/PID/task/*/comm: 15 characters at most).</summary>
    public IReadOnlyList<string> ThreadNames()
    {
        var names = new List<string>();
        foreach (var task in Directory.EnumerateDirectories($"/proc/{Pid}/task"))
        {
            try
            {
                names.Add(File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n'));
            }
            catch (IOException)
            {
                // The thread ended meanwhile.
            }
        }
        return names;
    }

    public string Diagnostics()
    {
        lock (_console)
            return $"--- {Name} console:\n{_console}\n--- {Name} log (last 40 lines):\n{string.Join('\n', Log().Split('\n').TakeLast(40))}";
    }

    public void Dispose()
    {
        if (!_process.HasExited) Kill9();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_console) _console.AppendLine(line);
    }
}

/// <summary>
/// A cluster of real processes on 127.0.0.1 for one test: a qmaster (host name "head") on a free
/// port and agents with their own host names, configuration and log files in a scratch folder.
/// </summary>
internal sealed class ClusterProcesses : IDisposable
{
    /// <summary>Two sensors every second: enough traffic to see, little CPU.</summary>
    public const string FastSensors = """
        CPUPercent { time_interval = 1 }
        VirtualMemory { time_interval = 1 }
        """;

    private readonly TempDirectory _dir = new("qulo-cluster");
    private readonly List<NodeProcess> _processes = [];

    public MasterEndpoint Master { get; } = new("127.0.0.1", FreePort.Next());

    public string Folder => _dir.Path;

    /// <summary>More configuration blocks for a node, by host name ("head" is the master), e.g. a tls block.</summary>
    public Func<string, string> ExtraConfig { get; set; } = _ => "";

    /// <summary>What the status queries present to a master that runs TLS; null: plain TCP.</summary>
    public TlsCredentials? StatusTls { get; set; }

    /// <summary>Where the master's sink writes every datapoint it receives, as `path value timestamp` lines.</summary>
    public string ReceivedFile => _dir.File("received.txt");

    /// <param name="extraGraphite">More keys for the graphite block, after the test's own (later keys win).</param>
    public NodeProcess StartMaster(string extraGraphite = "")
    {
        var config = _dir.Write("head.conf", $$"""
            qulo {
              master { host = "127.0.0.1", port = {{Master.Port}} }
              naming { hostname = "head" }
              logging { filename = "{{_dir.File("head.log")}}", level = INFO }
              graphite { enabled = false, plaintext-file = "{{ReceivedFile}}" {{extraGraphite}} }
            {{ExtraConfig("head")}}
            }
            """);
        return Track(new NodeProcess("qmaster", config, _dir.File("head.log"), []));
    }

    public NodeProcess StartAgent(string hostname, string sensors = FastSensors, params string[] roles)
    {
        var config = _dir.Write(hostname + ".conf", $$"""
            qulo {
              master { host = "127.0.0.1", port = {{Master.Port}} }
              naming { hostname = "{{hostname}}" }
              logging { filename = "{{_dir.File(hostname + ".log")}}", level = INFO }
              sensors {
            {{sensors}}
              }
            {{ExtraConfig(hostname)}}
            }
            """);
        return Track(new NodeProcess("qagent", config, _dir.File(hostname + ".log"), roles.SelectMany(r => new[] { "--role", r })));
    }

    /// <summary>Asks the running master (as `qmaster status` does) until the condition holds.</summary>
    public async Task<ClusterView> WaitForAsync(string what, Func<ClusterView, bool> condition, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        ClusterView? last = null;
        Exception? lastError = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = await MasterStatusClient.QueryViewAsync(Master, TimeSpan.FromSeconds(3), StatusTls);
                if (condition(last)) return last;
            }
            catch (TimeoutException e)
            {
                lastError = e; // the master is not (yet) answering
            }
            await Task.Delay(500);
        }
        throw new TimeoutException($"not within {within.TotalSeconds} s: {what}\nlast view:\n"
            + (last is null ? lastError?.Message : MasterStatusClient.Format(last)) + "\n" + Diagnostics());
    }

    /// <summary>The distinct (path, timestamp) pairs the master wrote for this host's sensors (its self-metrics excluded).</summary>
    public int ReceivedSensorDatapoints(string host) =>
        File.ReadLines(ReceivedFile)
            .Select(line => line.Split(' '))
            .Where(f => f.Length == 3 && f[0].StartsWith(host + ".", StringComparison.Ordinal) && !f[0].StartsWith(host + ".QuloAgent.", StringComparison.Ordinal))
            .Select(f => (f[0], f[2]))
            .Distinct()
            .Count();

    /// <summary>The datapoints the master wrote for one path, in the order written.</summary>
    public IReadOnlyList<(double Value, double Timestamp)> Received(string path) =>
        [.. File.ReadLines(ReceivedFile)
            .Select(line => line.Split(' '))
            .Where(f => f.Length == 3 && f[0] == path)
            .Select(f => (double.Parse(f[1], CultureInfo.InvariantCulture), double.Parse(f[2], CultureInfo.InvariantCulture)))];

    public static NodeView? Node(ClusterView view, string host, string state) =>
        view.Nodes.FirstOrDefault(n => n.Host == host && n.State == state);

    public static bool IsUp(ClusterView view, string host) => Node(view, host, NodeRegistry.StateUp) is not null;

    public string Diagnostics() => string.Join("\n", _processes.Select(p => p.Diagnostics()));

    public void Dispose()
    {
        foreach (var process in _processes) process.Dispose();
        _dir.Dispose();
    }

    private NodeProcess Track(NodeProcess process)
    {
        _processes.Add(process);
        return process;
    }
}
