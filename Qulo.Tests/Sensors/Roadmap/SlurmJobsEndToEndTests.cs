using Qulo.Actors.Sensors;
using Qulo.Tests.Sensors.SystemSensors;
using Qulo.Tests.Support;
using Xunit;

namespace Qulo.Tests.Sensors.Roadmap;

/// <summary>SlurmJobs against a real one-node Slurm (Debian's slurmctld and slurmd) with jobs submitted by sbatch.</summary>
[Trait(Category.Name, Category.EndToEnd)]
public class SlurmJobsEndToEndTests
{
    private static IReadOnlyDictionary<string, double> Read(PrivateSlurm slurm, params (string Name, string Value)[] options) =>
        SysFixture.ToDictionary(Sensor(slurm, options).Read());

    private static ISensor Sensor(PrivateSlurm slurm, params (string Name, string Value)[] options) =>
        SysFixture.Create("SlurmJobs", FileSystemRoots.Live, [("squeue", slurm.Squeue), ("timeout", "60"), .. options]);

    [Fact]
    public void Jobs_of_a_real_Slurm_on_this_node_and_in_the_cluster_then_nothing_once_the_controller_is_gone()
    {
        using var slurm = new PrivateSlurm();
        // The node's one CPU goes to the first job; the second waits for it, the third is held.
        var first = slurm.Submit("--cpus-per-task=1", "--mem=100M", "--gres=gpu:2", "--wrap", "sleep 300");
        slurm.WaitUntilRunning(first);
        slurm.Submit("--cpus-per-task=1", "--mem-per-cpu=50M", "--wrap", "sleep 300");
        slurm.Submit("--hold", "--cpus-per-task=1", "--mem=10M", "--wrap", "sleep 300");

        var idle = new Dictionary<string, double> { ["suspended"] = 0, ["completing"] = 0, ["configuring"] = 0 };
        var held = new Dictionary<string, double> { ["cpus"] = 1, ["gpus"] = 2, ["memory"] = 100 * 1024 * 1024 };
        // Pending jobs have no node, so only the running one is on this node.
        Assert.Equal(new Dictionary<string, double>([.. idle, .. held, new("pending", 0), new("running", 1), new("total", 1)]),
            Read(slurm, ("node", slurm.Node)));
        Assert.Equal(new Dictionary<string, double>([.. idle, .. held, new("pending", 2), new("running", 1), new("total", 3)]),
            Read(slurm, ("scope", "cluster")));

        slurm.StopController();
        // squeue: "slurm_load_jobs error: Unable to contact slurm controller (connect failure)"
        Assert.Empty(Sensor(slurm, ("scope", "cluster")).Read());
    }
}
