using Qulo.Actors.Sensors;
using Qulo.Tests.Support;
using Xunit;

namespace Qulo.Tests.Sensors.SystemSensors;

/// <summary>
/// Our sensors against psutil on this machine. Exact where both can read the same bytes (a snapshot of the live
/// /proc given to both); otherwise static values equal and moving ones within a stated, explained margin.
/// </summary>
[Trait(Category.Name, Category.EndToEnd)]
public class LivePsutilParityTests
{
    private static readonly string[] SnapshotFiles = ["stat", "meminfo", "vmstat", "zoneinfo", "cpuinfo"];

    private static IReadOnlyDictionary<string, double> Ours(string sensor, params (string, string)[] options) =>
        SysFixture.ToDictionary(SysFixture.Create(sensor, FileSystemRoots.Live, options).Read());

    private static IReadOnlyDictionary<string, double> Theirs(string expression) =>
        PsutilReference.Flatten(Psutil.Evaluate(expression));

    [Theory]
    [InlineData("VirtualMemory", "psutil.virtual_memory()")]
    [InlineData("CPUTimes", "psutil.cpu_times()")]
    [InlineData("CPUStats", "psutil.cpu_stats()")]
    [InlineData("BootTime", "psutil.boot_time()")]
    public void A_snapshot_of_live_proc_gives_psutil_exactly_our_values(string sensor, string expression)
    {
        using var snapshot = Snapshot();
        var theirs = PsutilReference.OverProc(snapshot.Roots.Proc, expression);
        Assert.Equal(theirs, SysFixture.ToDictionary(SysFixture.Create(sensor, snapshot.Roots).Read()));
    }

    [Theory]
    [InlineData("CPUPercent", "cpu_percent", true)]
    [InlineData("CPUTimesPercent", "cpu_times_percent", false)]
    public void Two_snapshots_of_live_proc_stat_give_psutil_exactly_our_percentages(string sensor, string function, bool perCpu)
    {
        // The same two samples for both, so no window mismatch: the percentages must be equal.
        using var first = Snapshot();
        var ours = SysFixture.Create(sensor, first.Roots, ("percpu", perCpu ? "true" : "false"));
        Assert.Empty(ours.Read());
        using var second = SnapshotAfterSomeWork();
        first.Write("proc-later/stat", File.ReadAllText(second.PathOf("proc/stat")));
        var theirs = PsutilReference.OverTwoSamples(first.Roots.Proc, Path.Combine(first.Directory, "proc-later"), function, perCpu);
        first.CopyInto("proc-later/stat", "proc/stat");
        Assert.Equal(theirs, SysFixture.ToDictionary(ours.Read()));
    }

    [Theory]
    [InlineData("true", "psutil.cpu_count(logical=True)")]
    [InlineData("false", "psutil.cpu_count(logical=False)")]
    public void CpuCount_equals_psutil(string logical, string expression) =>
        Assert.Equal(Theirs(expression), Ours("CPUCount", ("logical", logical)));

    [Fact]
    public void BootTime_equals_psutil_within_a_second()
    {
        // btime is recomputed from the wall clock on every read, so an NTP step between the reads moves it.
        Assert.InRange(Ours("BootTime")[""] - Theirs("psutil.boot_time()")[""], -1.0, 1.0);
    }

    [Fact]
    public void VirtualMemory_equals_psutil_total_and_brackets_its_moving_values()
    {
        var before = Ours("VirtualMemory");
        var theirs = Theirs("psutil.virtual_memory()");
        var after = Ours("VirtualMemory");
        Assert.Equal(theirs.Keys.Order(), before.Keys.Order());
        Assert.Equal(theirs["total"], before["total"]);
        // psutil reads between our two reads, so its values lie about between ours. Memory does not move
        // monotonically (other builds share this machine and allocate and free hundreds of MB), so the bracket
        // is widened by 2 % of RAM for bytes and by 2 points for the percentage.
        foreach (var field in theirs.Keys.Where(k => k != "total"))
        {
            var margin = field == "percent" ? 2.0 : 0.02 * theirs["total"];
            var low = Math.Min(before[field], after[field]) - margin;
            var high = Math.Max(before[field], after[field]) + margin;
            Assert.True(theirs[field] >= low && theirs[field] <= high, $"{field}: psutil {theirs[field]}, ours {before[field]} then {after[field]}");
        }
    }

    [Fact]
    public void SwapMemory_equals_psutil()
    {
        var before = Ours("SwapMemory");
        var theirs = Theirs("psutil.swap_memory()");
        var after = Ours("SwapMemory");
        if (theirs["total"] == 0)
        {
            Assert.Empty(before); // no swap on this machine: nothing to report
            return;
        }
        Assert.Equal(theirs["total"], before["total"]);
        // sin/sout only grow: psutil's read lies between our two.
        foreach (var field in new[] { "sin", "sout" })
            Assert.InRange(theirs[field], before[field], after[field]);
        // Used swap moves with memory pressure while psutil reads: ours before and after, widened by 2 % of the swap space.
        var margin = 0.02 * theirs["total"];
        Assert.InRange(theirs["used"], Math.Min(before["used"], after["used"]) - margin, Math.Max(before["used"], after["used"]) + margin);
    }

    [Fact]
    public void CpuTimes_and_CpuStats_of_psutil_lie_between_two_of_ours()
    {
        var timesBefore = Ours("CPUTimes", ("percpu", "true"));
        var statsBefore = Ours("CPUStats");
        var times = Theirs("psutil.cpu_times(percpu=True)");
        var stats = Theirs("psutil.cpu_stats()");
        var timesAfter = Ours("CPUTimes", ("percpu", "true"));
        var statsAfter = Ours("CPUStats");

        Assert.Equal(times.Keys.Order(), timesBefore.Keys.Order());
        // Counters since boot only grow, except that tickless kernels can step idle and iowait back by a few
        // ticks; 0.05 s covers that.
        foreach (var (field, value) in times)
            Assert.InRange(value, timesBefore[field] - 0.05, timesAfter[field] + 0.05);
        foreach (var (field, value) in stats)
            Assert.InRange(value, statsBefore[field], statsAfter[field]);
    }

    [Theory]
    [InlineData("CPUPercent", "true", "psutil.cpu_percent(interval=0.2, percpu=True)")]
    [InlineData("CPUTimesPercent", "false", "psutil.cpu_times_percent(interval=0.2)")]
    public void Cpu_percentages_have_psutil_shape_and_range(string sensor, string perCpu, string expression)
    {
        // Two processes cannot sample the same window live; the snapshot test above checks the values exactly.
        var ours = SysFixture.Create(sensor, FileSystemRoots.Live, ("percpu", perCpu));
        Assert.Empty(ours.Read());
        var theirs = Theirs(expression); // also the pause between our two samples
        var readings = SysFixture.ToDictionary(ours.Read());
        Assert.Equal(theirs.Keys.Order(), readings.Keys.Order());
        Assert.All(readings.Values, v => Assert.InRange(v, 0.0, 100.0));
    }

    [Fact]
    public void CpuFreq_equals_psutil()
    {
        var ours = Ours("CPUFreq", ("percpu", "true"));
        var theirs = Theirs("psutil.cpu_freq(percpu=True)");
        Assert.Equal(theirs.Keys.Order(), ours.Keys.Order());
        foreach (var (field, value) in theirs)
        {
            if (field.EndsWith(".current"))
                // The current frequency follows the load from one read to the next: allow 30 %.
                Assert.InRange(ours[field], 0.7 * value, 1.3 * value);
            else
                Assert.Equal(value, ours[field]);
        }
    }

    [Fact]
    public void Users_equal_psutil()
    {
        var ours = Ours("Users");
        var theirs = Psutil.Evaluate("[u.name for u in psutil.users()]").GetArrayLength();
        if (!File.Exists(FileSystemRoots.Live.Utmp))
        {
            Assert.Empty(ours); // no utmp: psutil lists nobody, we report nothing
            Assert.Equal(0, theirs);
            return;
        }
        Assert.Equal(theirs, ours["count"]);
    }

    /// <summary>A copy of the live /proc files the CPU and memory sensors read.</summary>
    private static ScratchTree Snapshot()
    {
        var tree = ScratchTree.Empty();
        foreach (var file in SnapshotFiles)
            if (File.Exists(Path.Combine("/proc", file)))
                tree.Write("proc/" + file, File.ReadAllText(Path.Combine("/proc", file)));
        return tree;
    }

    /// <summary>A snapshot taken after psutil's start-up, so some CPU time has passed since the previous one.</summary>
    private static ScratchTree SnapshotAfterSomeWork()
    {
        Psutil.Evaluate("psutil.cpu_count()");
        return Snapshot();
    }
}
