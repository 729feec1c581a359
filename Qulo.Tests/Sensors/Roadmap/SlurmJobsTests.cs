using Qulo.Actors.Sensors;
using Qulo.Tests.Sensors.SystemSensors;
using Xunit;

namespace Qulo.Tests.Sensors.Roadmap;

/// <summary>The SlurmJobs sensor over recorded squeue runs, replayed by a real process standing in for squeue.</summary>
public class SlurmJobsTests
{
    private static ISensor Sensor(string program, params (string Name, string Value)[] options) =>
        SysFixture.Create("SlurmJobs", FileSystemRoots.Live, [("squeue", program), .. options]);

    private static IReadOnlyDictionary<string, double> Read(FakeCommand squeue, params (string Name, string Value)[] options) =>
        SysFixture.ToDictionary(Sensor(squeue.Program, options).Read());

    [Fact]
    public void Jobs_on_this_node_by_state_with_the_resources_they_hold_here()
    {
        using var squeue = new FakeCommand("squeue", "road-slurm", "node");

        var r = Read(squeue, ("node", "gpu01"));

        Assert.Equal(new Dictionary<string, double>
        {
            ["pending"] = 0, ["running"] = 3, ["suspended"] = 1, ["completing"] = 1, ["configuring"] = 1, ["total"] = 6,
            // 64 + 16 + 256 over 4 nodes + 8 + 4 + 2
            ["cpus"] = 158,
            // gres:gpu:4 + gres:gpu:a100:2 + gres/gpu:2 (per node)
            ["gpus"] = 8,
            // 500G + 64G + 1000G (per node) + 32000M + 4G + 2G = 1570 GiB + 32000 MiB
            ["memory"] = 1_719_329_095_680,
        }, r);
        Assert.Equal(["--noheader", "--all", "--array", "--format", "%T|%C|%D|%m|%b", "--nodelist", "gpu01"], squeue.Arguments);
    }

    [Fact]
    public void Jobs_of_the_cluster_count_multi_node_jobs_whole_and_pending_ones_hold_nothing()
    {
        using var squeue = new FakeCommand("squeue", "road-slurm", "cluster");

        var r = Read(squeue, ("scope", "cluster"));

        Assert.Equal(new Dictionary<string, double>
        {
            ["pending"] = 3, ["running"] = 4, ["suspended"] = 1, ["completing"] = 1, ["configuring"] = 1,
            ["requeue_hold"] = 1, ["total"] = 11,
            // Held by the 7 running, suspended, completing and configuring jobs: 64 + 16 + 256 + 8 + 4 + 2 + 32
            ["cpus"] = 382,
            // 4 + 2 + 2 on each of 4 nodes + "gpu" (one) on each of 2 nodes
            ["gpus"] = 16,
            // 500G + 64G + 4 x 1000G + 32000M + 4G + 2G + 2 x 8G = 4586 GiB + 32000 MiB
            ["memory"] = 4_957_734_436_864,
        }, r);
        Assert.DoesNotContain("--nodelist", squeue.Arguments);
    }

    [Fact]
    public void Node_scope_without_a_node_name_asks_for_this_host()
    {
        using var squeue = new FakeCommand("squeue", "road-slurm", "node");

        Read(squeue);

        Assert.Equal(Environment.MachineName.Split('.')[0], squeue.Arguments[^1]);
    }

    [Theory]
    [InlineData("unreachable")]
    [InlineData("unconfigured")]
    public void A_node_whose_Slurm_is_not_reachable_reports_nothing(string scenario)
    {
        using var squeue = new FakeCommand("squeue", "road-slurm", scenario);
        var sensor = Sensor(squeue.Program);

        Assert.Empty(sensor.Read());
        Assert.Empty(sensor.Read());
    }

    [Fact]
    public void A_node_without_squeue_reports_nothing()
    {
        Assert.Empty(Sensor(FakeCommand.Missing("squeue")).Read());
    }

    [Fact]
    public void Any_other_squeue_failure_is_an_error_with_its_message()
    {
        using var squeue = new FakeCommand("squeue", "road-slurm", "version-mismatch");

        var e = Assert.Throws<SensorException>(() => Sensor(squeue.Program).Read());

        Assert.Contains($"{squeue.Program} exited with code 1", e.Message);
        Assert.Contains("Protocol version has changed", e.Message);
    }

    [Theory]
    [InlineData("garbage", "'RUNNING|sixty|1|64G|N/A': CPUs 'sixty' is not a number")]
    [InlineData("bad-memory", "'RUNNING|64|1|lots|N/A': memory 'lots' is not a size")]
    public void Garbage_from_squeue_is_an_error_naming_the_line(string scenario, string problem)
    {
        using var squeue = new FakeCommand("squeue", "road-slurm", scenario);

        var e = Assert.Throws<SensorException>(() => Sensor(squeue.Program).Read());

        Assert.Contains($"malformed {squeue.Program} output {problem}", e.Message);
    }
}
