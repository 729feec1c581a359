using System.Text.Json;
using Qulo.Actors.Sensors;
using Qulo.Tests.Sensors.SystemSensors;
using Qulo.Tests.Support;
using Xunit;

namespace Qulo.Tests.Sensors.Roadmap;

/// <summary>LoadAvg and Processes against psutil: exactly over the same files, within stated bands on the moving live machine.</summary>
[Trait(Category.Name, Category.EndToEnd)]
public class LoadPsutilParityTests
{
    /// <summary>
    /// psutil's process counts in our shape: every status name, total and threads. process_iter with attrs leaves
    /// out the processes that exit while it runs, as we do.
    /// </summary>
    private const string ProcessCounts =
        "dict([(s, sum(1 for p in procs if p['status'] == s)) for s in set(psutil._pslinux.PROC_STATUSES.values())]"
        + " + [('total', len(procs)), ('threads', sum(p['num_threads'] for p in procs))])";

    private static IReadOnlyDictionary<string, double> PsutilProcesses(string? procDirectory)
    {
        var setup = (procDirectory is null ? "" : $"psutil.PROCFS_PATH = {PsutilReference.PythonString(procDirectory)}\n")
            + "procs = [p.info for p in psutil.process_iter(['status', 'num_threads'])]";
        return PsutilReference.Flatten(Psutil.Evaluate(ProcessCounts, setup));
    }

    [Fact]
    public void Processes_over_the_fixture_equal_psutil()
    {
        Assert.Equal(PsutilProcesses(SysFixture.Roots("road-proc").Proc), SysFixture.Read("Processes", "road-proc"));
    }

    [Fact]
    public void Processes_over_a_snapshot_of_live_proc_equal_psutil()
    {
        using var snapshot = ScratchTree.Empty();
        snapshot.Write("proc/stat", File.ReadAllText("/proc/stat")); // psutil's create_time needs btime
        foreach (var pid in Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Where(n => n!.All(char.IsAsciiDigit)))
        {
            try
            {
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                var status = File.ReadAllText($"/proc/{pid}/status");
                snapshot.Write($"proc/{pid}/stat", stat);
                snapshot.Write($"proc/{pid}/status", status);
            }
            catch (IOException)
            {
                // Exited while the snapshot was taken: it is in neither copy.
            }
        }

        Assert.Equal(PsutilProcesses(snapshot.Roots.Proc), SysFixture.ToDictionary(SysFixture.Create("Processes", snapshot.Roots).Read()));
    }

    [Fact]
    public void Processes_on_the_live_machine_are_within_a_band_of_psutil()
    {
        var before = Live("Processes");
        var theirs = PsutilProcesses(null);
        var after = Live("Processes");

        Assert.Equal(theirs.Keys.Order(), before.Keys.Order());
        // Processes start and end between the three reads (psutil's start-up alone forks, and four other engineers
        // build on this machine): totals within 20 % of the larger of ours, states within 10 processes of ours.
        foreach (var field in new[] { "total", "threads" })
        {
            var band = 0.2 * Math.Max(before[field], after[field]);
            Assert.InRange(theirs[field], Math.Min(before[field], after[field]) - band, Math.Max(before[field], after[field]) + band);
        }
        foreach (var state in theirs.Keys.Except(["total", "threads"]))
            Assert.InRange(theirs[state], Math.Min(before[state], after[state]) - 10, Math.Max(before[state], after[state]) + 10);
    }

    [Fact]
    public void LoadAvg_equals_psutil_read_before_or_after_it_to_the_two_decimals_of_proc_loadavg()
    {
        // psutil.getloadavg is glibc's getloadavg, which asks sysinfo(2) for the kernel's fixed-point averages
        // (multiples of 1/2048: 25.0966796875); /proc/loadavg prints the same numbers, and we report them, to two
        // decimals the kernel's way: add FIXED_1/200 (10/2048, a little under 0.005) and cut to hundredths. So
        // ours minus psutil's lies in (10/2048 - 0.01, 10/2048]: up to 0.0051 below (1.2251 prints as 1.22).
        // The kernel recomputes them every 5 s, so psutil's are those of one of our reads around it, unless two
        // updates fell between the reads, which a Python start-up does not allow.
        const double Added = 10.0 / 2048, Slack = 1e-9;
        var before = Live("LoadAvg");
        var theirs = Psutil.Evaluate("psutil.getloadavg()").EnumerateArray().Select(JsonElementValue).ToArray();
        var after = Live("LoadAvg");

        string[] fields = ["load1", "load5", "load15"];
        var ours = new[] { before, after }.Select(r => fields.Select(f => r[f]).ToArray()).ToList();
        Assert.True(ours.Any(o => o.Zip(theirs).All(pair => pair.First - pair.Second is > Added - 0.01 - Slack and <= Added + Slack)),
            $"psutil {string.Join(' ', theirs)}; ours before {string.Join(' ', ours[0])}, after {string.Join(' ', ours[1])}");
    }

    private static double JsonElementValue(JsonElement e) => e.GetDouble();

    private static IReadOnlyDictionary<string, double> Live(string sensor) =>
        SysFixture.ToDictionary(SysFixture.Create(sensor, FileSystemRoots.Live).Read());
}
