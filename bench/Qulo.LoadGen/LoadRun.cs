using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Qulo.LoadGen;

/// <summary>
/// `run` mode: starts the carbon receiver, a real qmaster sending to it, and worker processes of
/// simulated agents (`agents` mode); measures the master while they deliver, then verifies every
/// datapoint and prints a report (markdown rows on stdout, details on stderr).
/// </summary>
internal static class LoadRun
{
    public static async Task<int> RunAsync(Options o)
    {
        var qmaster = o.String("qmaster", "qmaster");
        var agents = o.Int("agents", 100);
        var processes = o.Int("processes", 4);
        var seconds = o.Double("seconds", 60);
        var rate = o.Double("rate", 1_000_000);
        var series = o.Int("series", 100);
        var warmup = o.Double("warmup", 25);
        var work = Directory.CreateTempSubdirectory("qulo-loadgen-").FullName;

        using var receiver = new CarbonReceiver(new SeriesVerifier());
        var masterPort = FreePort();
        var config = Path.Combine(work, "qmaster.conf");
        File.WriteAllText(config, $$"""
            qulo {
              master { host = "127.0.0.1", port = {{masterPort}}, self-metrics-interval = 2 }
              naming { hostname = "loadgen-master" }
              graphite { enabled = true, host = "127.0.0.1", port = {{receiver.Port}} }
              logging { filename = "", level = "WARNING" }
            }
            """);
        using var master = Start(qmaster, ["run", "-c", config], Path.Combine(work, "qmaster.log"));
        var start = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + warmup;
        var workers = Enumerable.Range(0, processes).Select(p =>
        {
            var first = agents * p / processes;
            var count = agents * (p + 1) / processes - first;
            return Start(Environment.ProcessPath!, ["agents", "--seed-port", Invariant(masterPort), "--first", Invariant(first), "--count", Invariant(count),
                "--rate", Invariant(rate / agents), "--series", Invariant(series), "--start", Invariant(start), "--seconds", Invariant(seconds)],
                Path.Combine(work, $"agents-{p}.log"));
        }).ToList();

        var startAt = DateTime.UnixEpoch.AddSeconds(start);
        await Task.Delay(startAt - DateTime.UtcNow);
        var before = ProcessSample.Read(master.Process.Id);
        long peakRss = before.RssBytes;
        var stopAt = startAt.AddSeconds(seconds);
        while (DateTime.UtcNow < stopAt)
        {
            await Task.Delay(1000);
            peakRss = Math.Max(peakRss, ProcessSample.Read(master.Process.Id).RssBytes);
        }
        var during = ProcessSample.Read(master.Process.Id);

        var reports = new List<AgentReport>();
        foreach (var worker in workers)
        {
            reports.AddRange(await worker.ReportsAsync(TimeSpan.FromSeconds(120)));
            peakRss = Math.Max(peakRss, ProcessSample.Read(master.Process.Id).RssBytes);
        }
        await Quiet(receiver.Verifier, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(60));
        var after = ProcessSample.Read(master.Process.Id);
        master.Process.Kill();

        var v = receiver.Verifier;
        lock (v) Report(o, v, reports, receiver, agents, processes, seconds, startAt, before, during, after, peakRss, work);
        return 0;
    }

    private static void Report(Options o, SeriesVerifier v, List<AgentReport> reports, CarbonReceiver receiver, int agents, int processes,
        double seconds, DateTime startAt, ProcessSample before, ProcessSample during, ProcessSample after, long peakRss, string work)
    {
        var sampled = reports.Sum(r => r.Samples * r.Series);
        var missing = v.Missing(reports);
        var startSecond = (long)(startAt - DateTime.UnixEpoch).TotalSeconds;
        // Whole seconds inside the sampling window, the first and last (partial) left out.
        var perSecond = Enumerable.Range(1, Math.Max(1, (int)seconds - 2)).Select(s => v.PerSecond.GetValueOrDefault(startSecond + s)).Order().ToArray();
        var median = perSecond[perSecond.Length / 2];
        var span = Math.Max(1e-3, v.LastArrival - startSecond);
        Console.Error.WriteLine($"""
            load run: {agents} simulated agents in {processes} processes ({reports.Count} reported), {o.Int("series", 100)} series each, {seconds} s at {o.Double("rate", 1e6):N0} datapoints/s offered
            sampled {sampled:N0}; received {v.Points:N0} in {v.Frames:N0} frames over {receiver.Connections} connection(s); missing {missing:N0}; duplicates {v.Duplicates:N0}; other (self-metrics) {v.OtherPoints:N0}
            agent-side dropped {reports.Sum(r => r.Dropped):N0}, undelivered at exit {reports.Sum(r => Math.Max(0, r.Pending)):N0}, agents whose drain timed out {reports.Count(r => r.Pending < 0)}
            malformed frames {v.MalformedFrames} {v.FirstError}; receiver errors: {string.Join("; ", receiver.Errors)}
            throughput: median {median:N0}/s over the window's whole seconds; {v.Points / span:N0}/s from start to last arrival ({span:F1} s)
            latency sample->carbon: p50 {v.Latency.Percentile(0.5):F3} s, p99 {v.Latency.Percentile(0.99):F3} s, max {v.Latency.Percentile(1):F3} s
            qmaster: CPU {ProcessSample.CpuPercent(before, during):F0}% of one core while sampling, {ProcessSample.CpuPercent(before, after):F0}% until the last datapoint; RSS peak {peakRss / 1048576.0:F0} MB, private {after.RssAnonBytes / 1048576.0:F0} MB at the end
            master's own counters (last reported): {MasterCounters(v)}
            logs: {work}
            """);
        Console.WriteLine(string.Join('\t', "loadgen", agents, processes, seconds, o.Double("rate", 1e6), sampled, v.Points, missing, v.Duplicates,
            median, Math.Round(v.Points / span), v.Latency.Percentile(0.5), v.Latency.Percentile(0.99),
            Math.Round(ProcessSample.CpuPercent(before, during)), peakRss / 1048576, v.MalformedFrames));
    }

    private static string MasterCounters(SeriesVerifier v) =>
        string.Join(", ", v.LatestOther.Where(p => p.Key.Contains(".QuloMaster.", StringComparison.Ordinal))
            .OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key[(p.Key.LastIndexOf('.') + 1)..]} {p.Value:N0}"));

    /// <summary>Waits until no simulated datapoint arrived for <paramref name="quiet"/>, at most <paramref name="limit"/>.</summary>
    private static async Task Quiet(SeriesVerifier v, TimeSpan quiet, TimeSpan limit)
    {
        var until = DateTime.UtcNow + limit;
        long last = -1;
        while (DateTime.UtcNow < until)
        {
            long now;
            lock (v) now = v.Points + v.OtherPoints;
            if (now == last) return;
            last = now;
            await Task.Delay(quiet);
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static string Invariant(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);

    private static ChildProcess Start(string program, IEnumerable<string> args, string log)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        return new ChildProcess(Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {program}"), log);
    }

    /// <summary>A started process whose stderr goes to a log file and whose stdout is kept for its reports.</summary>
    private sealed class ChildProcess : IDisposable
    {
        private readonly Task<string> _stdout;
        private readonly Task _stderr;

        public ChildProcess(Process process, string log)
        {
            Process = process;
            _stdout = process.StandardOutput.ReadToEndAsync();
            _stderr = Task.Run(async () =>
            {
                await using var file = File.CreateText(log);
                await process.StandardError.BaseStream.CopyToAsync(file.BaseStream);
            });
        }

        public Process Process { get; }

        public async Task<IEnumerable<AgentReport>> ReportsAsync(TimeSpan timeout)
        {
            using var cts = new CancellationTokenSource(timeout);
            try { await Process.WaitForExitAsync(cts.Token); }
            catch (OperationCanceledException) { Process.Kill(); }
            var text = await _stdout;
            await _stderr;
            return text.Split('\n').Select(AgentReport.Parse).OfType<AgentReport>();
        }

        public void Dispose()
        {
            if (!Process.HasExited) Process.Kill();
            Process.Dispose();
        }
    }
}
