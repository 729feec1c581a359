using Qulo.Tests.Support;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.Json;
using Qulo.Actors.Config;

namespace Qulo.Tests.Support.Graphite;

/// <summary>
/// A real carbon-cache (Debian's graphite-carbon) of the test's own: carbon.conf and
/// storage-schemas.conf in a temp folder, free ports on 127.0.0.1, whisper files in the same folder,
/// one-second slots (<see cref="Retention"/>) so each second of a series is one datapoint. It runs as a
/// child process (--nodaemon) and can be stopped and started again with the same data. Whisper files
/// are read with python3-whisper.
/// </summary>
public sealed class CarbonCache : IAsyncDisposable
{
    public const string CarbonCacheExecutable = "/usr/bin/carbon-cache";
    /// <summary>One value per second, kept two hours.</summary>
    public const string Retention = "1s:2h";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private readonly string _configFile;
    private Process? _process;

    private CarbonCache()
    {
        Folder = Directory.CreateTempSubdirectory("qulo-carbon-").FullName;
        PicklePort = FreePort.Next();
        LinePort = FreePort.Next();
        QueryPort = FreePort.Next();
        foreach (var sub in new[] { "conf", "storage/whisper", "storage/lists", "log", "run" })
            Directory.CreateDirectory(Path.Combine(Folder, sub));
        _configFile = Path.Combine(Folder, "conf", "carbon.conf");
        File.WriteAllText(_configFile, CarbonConf());
        File.WriteAllText(Path.Combine(Folder, "conf", "storage-schemas.conf"), $"[everything]\npattern = .*\nretentions = {Retention}\n");
    }

    public string Folder { get; }
    public string WhisperFolder => Path.Combine(Folder, "storage", "whisper");
    public int PicklePort { get; }
    public int LinePort { get; }
    public int QueryPort { get; }
    public CarbonDestination Destination => new("127.0.0.1", PicklePort);
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Writes the configuration, starts carbon-cache and waits until its pickle port accepts connections.</summary>
    public static async Task<CarbonCache> StartAsync()
    {
        var carbon = new CarbonCache();
        try
        {
            await carbon.StartProcessAsync();
            return carbon;
        }
        catch
        {
            await carbon.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts carbon-cache again (same ports, same whisper files).</summary>
    public async Task StartProcessAsync()
    {
        if (IsRunning) throw new InvalidOperationException("carbon-cache is running already");
        var psi = new ProcessStartInfo(CarbonCacheExecutable) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { $"--config={_configFile}", "--nodaemon", $"--logdir={Path.Combine(Folder, "log")}", "start" })
            psi.ArgumentList.Add(argument);
        _process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start " + CarbonCacheExecutable);
        // Nobody reads carbon's console output; drain it so a full pipe never blocks carbon.
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow + StartTimeout;
        while (!await AcceptsConnectionsAsync())
        {
            if (_process.HasExited) throw new InvalidOperationException($"carbon-cache exited with {_process.ExitCode}: {ConsoleLogTail()}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"carbon-cache's pickle port {PicklePort} not open after {StartTimeout}: {ConsoleLogTail()}");
            await Task.Delay(200);
        }
    }

    /// <summary>Stops carbon-cache as its init script does (SIGTERM: it writes its cache to whisper first) and waits for it.</summary>
    public async Task StopProcessAsync()
    {
        if (_process is null) return;
        if (!_process.HasExited)
        {
            if (SendSignal(_process.Id, SigTerm) != 0) throw new InvalidOperationException($"cannot signal carbon-cache (pid {_process.Id})");
            using var timeout = new CancellationTokenSource(StopTimeout);
            try { await _process.WaitForExitAsync(timeout.Token); }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                throw new TimeoutException($"carbon-cache did not stop within {StopTimeout} of SIGTERM: {ConsoleLogTail()}");
            }
        }
        _process.Dispose();
        _process = null;
    }

    /// <summary>The whisper file of a metric path.</summary>
    public string WhisperFile(string metricPath) => Path.Combine(WhisperFolder, Path.Combine(metricPath.Split('.'))) + ".wsp";

    /// <summary>Every non-empty slot of a series from <paramref name="from"/> up to (not including) <paramref name="until"/>, in Unix seconds, as whisper stores it (none if the file does not exist yet).</summary>
    public IReadOnlyDictionary<long, double> Fetch(string metricPath, long from, long until)
    {
        var file = WhisperFile(metricPath);
        if (!File.Exists(file)) return new Dictionary<long, double>();
        const string script = """
import json, sys, whisper
first, until = int(sys.argv[2]), int(sys.argv[3])
# whisper.fetch leaves out the slot at fromTime itself: ask from one second earlier.
(start, end, step), values = whisper.fetch(sys.argv[1], first - 1, until)
print(json.dumps({t: v for t, v in ((start + i * step, v) for i, v in enumerate(values)) if v is not None and first <= t < until}))
""";
        var json = Python.Run(script, file, from.ToString(CultureInfo.InvariantCulture), until.ToString(CultureInfo.InvariantCulture));
        return JsonSerializer.Deserialize<Dictionary<long, double>>(json)
            ?? throw new InvalidDataException($"python3-whisper printed {json} for {file}");
    }

    /// <summary>Metric paths of every whisper file carbon has created.</summary>
    public IReadOnlyList<string> Series() =>
        Directory.EnumerateFiles(WhisperFolder, "*.wsp", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(WhisperFolder, f)[..^".wsp".Length].Replace(Path.DirectorySeparatorChar, '.'))
            .ToList();

    public async ValueTask DisposeAsync()
    {
        try { await StopProcessAsync(); }
        finally { Directory.Delete(Folder, recursive: true); }
    }

    private string CarbonConf() => $"""
        [cache]
        STORAGE_DIR = {Folder}/storage/
        LOCAL_DATA_DIR = {WhisperFolder}/
        WHITELISTS_DIR = {Folder}/storage/lists/
        CONF_DIR = {Folder}/conf/
        LOG_DIR = {Folder}/log/
        PID_DIR = {Folder}/run/
        ENABLE_LOGROTATION = False
        USER =
        DATABASE = whisper
        ENABLE_TAGS = False
        MAX_CACHE_SIZE = inf
        MAX_UPDATES_PER_SECOND = inf
        # carbon's default (50) silently drops the 51st new series of a minute.
        MAX_CREATES_PER_MINUTE = inf
        LINE_RECEIVER_INTERFACE = 127.0.0.1
        LINE_RECEIVER_PORT = {LinePort}
        ENABLE_UDP_LISTENER = False
        PICKLE_RECEIVER_INTERFACE = 127.0.0.1
        PICKLE_RECEIVER_PORT = {PicklePort}
        PICKLE_RECEIVER_MAX_LENGTH = {Defaults.CarbonMaxFrameBytes}
        CACHE_QUERY_INTERFACE = 127.0.0.1
        CACHE_QUERY_PORT = {QueryPort}
        USE_FLOW_CONTROL = True
        CACHE_WRITE_STRATEGY = sorted
        WHISPER_AUTOFLUSH = False
        WHISPER_FALLOCATE_CREATE = False
        LOG_LISTENER_CONN_SUCCESS = False

        """;

    private async Task<bool> AcceptsConnectionsAsync()
    {
        using var probe = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await probe.ConnectAsync("127.0.0.1", PicklePort);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private string ConsoleLogTail()
    {
        var log = Path.Combine(Folder, "log", "console.log");
        return File.Exists(log) ? string.Join('\n', File.ReadLines(log).TakeLast(20)) : "(no console.log)";
    }

    private const int SigTerm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);
}
