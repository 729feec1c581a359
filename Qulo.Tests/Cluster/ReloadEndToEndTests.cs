using System.Diagnostics;
using Qulo.Actors.Master;
using Qulo.Tests.Support;
using Xunit;
using static Qulo.Tests.Cluster.ClusterProcesses;

namespace Qulo.Tests.Cluster;

/// <summary>SIGHUP re-reads an agent's configuration: sensors change in place, without leaving the cluster; a broken file is rejected.</summary>
[Trait(Category.Name, Category.EndToEnd)]
public sealed class ReloadEndToEndTests : ClusterTest
{
    [Fact]
    public async Task Sighup_adds_and_removes_sensors_in_place_and_a_broken_file_is_rejected()
    {
        Cluster.StartMaster();
        var agent = Cluster.StartAgent("node1", "CPUPercent { time_interval = 1 }");
        var before = await Cluster.WaitForAsync("node1 reporting", v => Node(v, "node1", NodeRegistry.StateUp) is { Datapoints: > 0 }, Settle);
        var address = Node(before, "node1", NodeRegistry.StateUp)!.Address;

        var config = Path.Combine(Cluster.Folder, "node1.conf");
        File.WriteAllText(config, File.ReadAllText(config).Replace("CPUPercent { time_interval = 1 }", "VirtualMemory { time_interval = 1 }"));
        Hangup(agent);
        await WaitForLogAsync(agent, "Reload: sensor VirtualMemory added");
        var reloadedAt = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        await WaitUntilAsync("VirtualMemory datapoints after the reload", () => Cluster.Received("node1.VirtualMemory.percent").Count >= 3);
        Assert.Contains("Reload: sensor CPUPercent removed", agent.Log());
        Assert.DoesNotContain(Cluster.Received("node1.CPUPercent.0"), p => p.Timestamp > reloadedAt + 2);
        await Cluster.WaitForAsync("qmaster status listing the reloaded sensors",
            v => Node(v, "node1", NodeRegistry.StateUp)?.Sensors is ["VirtualMemory"], Settle);

        File.WriteAllText(config, File.ReadAllText(config).Replace("time_interval = 1", "time_interval = never"));
        Hangup(agent);
        await WaitForLogAsync(agent, "Reload rejected, the running configuration stays");
        var count = Cluster.Received("node1.VirtualMemory.percent").Count;
        await WaitUntilAsync("VirtualMemory still sampled after a rejected reload", () => Cluster.Received("node1.VirtualMemory.percent").Count > count + 2);

        var after = await Cluster.WaitForAsync("node1 still up", v => IsUp(v, "node1"), Settle);
        Assert.Equal(address, Node(after, "node1", NodeRegistry.StateUp)!.Address);
        Assert.False(agent.HasExited);
    }

    private static void Hangup(NodeProcess process) => Process.Start("kill", ["-HUP", process.Pid.ToString()])!.WaitForExit();
}
