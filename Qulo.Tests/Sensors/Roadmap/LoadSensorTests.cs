using Qulo.Actors.Sensors;
using Qulo.Tests.Sensors.SystemSensors;
using Xunit;

namespace Qulo.Tests.Sensors.Roadmap;

/// <summary>LoadAvg and Processes over Fixtures/road-proc: a /proc with twelve hand-made processes, one in each state psutil names.</summary>
public class LoadSensorTests
{
    private const string Shape = "road-proc";

    [Fact]
    public void LoadAvg_reads_the_three_averages()
    {
        // /proc/loadavg: "3.47 2.91 1.05 4/1216 98765"
        Assert.Equal(new Dictionary<string, double> { ["load1"] = 3.47, ["load5"] = 2.91, ["load15"] = 1.05 }, SysFixture.Read("LoadAvg", Shape));
    }

    [Theory]
    [InlineData("3.47 two 1.05 4/1216 98765\n", "'two' is not a number")]
    [InlineData("3.47 2.91\n", "2 fields, expected at least 3 load averages")]
    public void LoadAvg_names_the_file_when_it_is_malformed(string content, string problem)
    {
        ThrowsNamingFile("LoadAvg", "proc/loadavg", content, problem);
    }

    /// <summary>
    /// The live sensor asks sysinfo(2) and rounds as the kernel does for /proc/loadavg: the same doubles as
    /// parsing the file read just before or just after (the kernel updates the averages every 5 s).
    /// </summary>
    [Fact]
    public void LoadAvg_live_from_sysinfo_equals_proc_loadavg_to_the_bit()
    {
        static double[] FromFile() => File.ReadAllText("/proc/loadavg").Split(' ')[..3]
            .Select(field => double.Parse(field, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var before = FromFile();
        var ours = SysFixture.Create("LoadAvg", FileSystemRoots.Live).Read().Select(r => r.Value).ToArray();
        var after = FromFile();

        Assert.True(ours.SequenceEqual(before) || ours.SequenceEqual(after),
            $"sysinfo gave {string.Join(' ', ours)}; /proc/loadavg {string.Join(' ', before)} then {string.Join(' ', after)}");
    }

    [Fact]
    public void Processes_are_counted_by_psutil_status_with_their_threads()
    {
        Assert.Equal(new Dictionary<string, double>
        {
            ["running"] = 2,      // 1311 dotnet, and 1200 whose name "my prog) R (x" holds a fake state
            ["sleeping"] = 3,     // 1 systemd, 2 kthreadd, 812 "(sd-pam)"
            ["disk-sleep"] = 1,   // 1320 jbd2/sda1-8
            ["stopped"] = 1,      // 1400 vim (T)
            ["tracing-stop"] = 1, // 1401 under gdb (t)
            ["zombie"] = 1, ["dead"] = 0, ["wake-kill"] = 0, ["waking"] = 0,
            ["idle"] = 2,         // 14 rcu_preempt, 31 kworker
            ["parked"] = 1,       // 18 cpuhp/1
            ["total"] = 12,       // the net/ folder is not a process
            ["threads"] = 38,     // 23 of dotnet, 4 of 1200, 2 of 1401 and one each for the other nine
        }, SysFixture.Read("Processes", Shape));
    }

    [Fact]
    public void A_process_that_exits_while_it_is_read_is_left_out()
    {
        using var tree = ScratchTree.CopyOf(Shape);
        Directory.CreateDirectory(tree.PathOf("proc/900")); // listed, but its stat is gone

        var r = SysFixture.ToDictionary(SysFixture.Create("Processes", tree.Roots).Read());

        Assert.Equal(12, r["total"]);
    }

    [Theory]
    [InlineData("1311 (dotnet) R 1 1311\n", "expected '(name)' followed by at least 18 fields")]
    [InlineData("1311 dotnet R 1\n", "expected '(name)' followed by at least 18 fields")]
    [InlineData("1311 (dotnet) Run 1 1311 1311 0 -1 4194560 1000 0 0 0 120 80 0 0 20 0 23 0\n", "'Run' is not a one-letter process state")]
    [InlineData("1311 (dotnet) R 1 1311 1311 0 -1 4194560 1000 0 0 0 120 80 0 0 20 0 many 0\n", "'many' is not an integer")]
    public void Processes_names_the_stat_file_that_is_malformed(string content, string problem)
    {
        ThrowsNamingFile("Processes", "proc/1311/stat", content, problem);
    }

    /// <summary>The sensor over a copy of the fixture in which <paramref name="file"/> holds <paramref name="content"/> fails naming the file and the problem.</summary>
    private static void ThrowsNamingFile(string sensor, string file, string content, string problem)
    {
        using var tree = ScratchTree.CopyOf(Shape);
        tree.Write(file, content);

        var e = Assert.Throws<SensorException>(() => SysFixture.Create(sensor, tree.Roots).Read());

        Assert.Contains($"malformed {tree.PathOf(file)}", e.Message);
        Assert.Contains(problem, e.Message);
    }
}
