using Qulo.Tests.Cluster;
using Qulo.Tests.Support;
using Qulo.Tests.Support.Graphite;
using Xunit;
using static Qulo.Tests.Carbon.SinkTestKit;

namespace Qulo.Tests.Carbon;

/// <summary>Real qmaster and qagent processes writing through the master's CarbonSink into a real carbon-cache.</summary>
[Trait(Category.Name, Category.EndToEnd)]
public sealed class EndToEndGraphiteTests : IDisposable
{
    private const string Node = "node1";
    private const string Sensors = """
        CPUPercent { time_interval = 1 }
        VirtualMemory { time_interval = 1 }
        NetIOCounters { time_interval = 1 }
        """;
    /// <summary>Busy percent of CPU 0 over a window, the same window as whisper's mean: sampling noise only.</summary>
    private const double CpuTolerance = 10;
    /// <summary>Memory in use moves a little between psutil's reading and the agent's of the same second.</summary>
    private const double MemoryTolerance = 3;

    private readonly ClusterProcesses _cluster = new();

    public void Dispose() => _cluster.Dispose();

    [Fact]
    public async Task AgentSamplesLandInWhisperAndAgreeWithPsutil()
    {
        await using var carbon = await CarbonCache.StartAsync();
        _cluster.StartMaster($"""
            , enabled = true, host = "127.0.0.1", port = {carbon.PicklePort}, flush-interval = 1
            """);
        _cluster.StartAgent(Node, Sensors);
        var cpu = $"{Node}.CPUPercent.0";
        var memory = $"{Node}.VirtualMemory.percent";
        await WaitUntil(() => File.Exists(carbon.WhisperFile(cpu)) && File.Exists(carbon.WhisperFile(memory)), TimeSpan.FromSeconds(120));
        Assert.True(File.Exists(carbon.WhisperFile(cpu)) && File.Exists(carbon.WhisperFile(memory)), "no whisper files yet\n" + _cluster.Diagnostics());

        // psutil measures CPU 0 over a twenty-second window and memory at its end, while the agent samples every second.
        // The agent's samples at the window's two ends also cover up to a second outside it: under the test run's
        // changing load, a ten-second window left that edge error close to the tolerance (68.1 against 57.5 once).
        var reference = Psutil.Evaluate("[t0, psutil.cpu_percent(percpu=True)[0], time.time(), psutil.virtual_memory().percent]",
            "import time\npsutil.cpu_percent(percpu=True)\nt0 = time.time()\ntime.sleep(20)\n");
        var (from, busy, until, memoryPercent) = (reference[0].GetDouble(), reference[1].GetDouble(), reference[2].GetDouble(), reference[3].GetDouble());
        // A slot at second t holds the sample taken in (t-1, t]: the window's slots start one second after it begins.
        var first = (long)Math.Floor(from) + 1;
        var last = (long)Math.Floor(until);
        // Timers on a loaded machine may put two samples in one second and none in the next: most seconds, not all, have one.
        var enough = (last - first + 1) / 2;
        await WaitUntil(() => carbon.Fetch(cpu, first, last + 1).Count >= enough && carbon.Fetch(memory, last - 1, last + 2).Count > 0, TimeSpan.FromSeconds(60));

        var cpuSlots = carbon.Fetch(cpu, first, last + 1);
        var memorySlots = carbon.Fetch(memory, last - 1, last + 2);
        Assert.True(cpuSlots.Count >= enough, $"{cpuSlots.Count} CPU samples in whisper for {last - first + 1} s\n{_cluster.Diagnostics()}");
        Assert.NotEmpty(memorySlots);
        Assert.InRange(cpuSlots.Values.Average(), busy - CpuTolerance, busy + CpuTolerance);
        Assert.InRange(memorySlots.Values.Average(), memoryPercent - MemoryTolerance, memoryPercent + MemoryTolerance);
        Assert.Contains(carbon.Series(), s => s.StartsWith($"{Node}.NetIOCounters.", StringComparison.Ordinal));
        Assert.Contains($"{Node}.QuloAgent.up", carbon.Series());
        Assert.Contains(carbon.Series(), s => s.EndsWith(".QuloMaster.datapoints_sent", StringComparison.Ordinal));
    }
}
