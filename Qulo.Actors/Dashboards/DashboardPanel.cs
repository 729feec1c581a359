namespace Qulo.Actors.Dashboards;

/// <summary>One time-series panel: its title, Grafana unit and Graphite targets (render API expressions).</summary>
internal sealed record DashboardPanel(string Title, string Unit, params string[] Targets);

/// <summary>The panels of each dashboard; targets follow QULo's Graphite paths (HOST.Sensor.field).</summary>
internal static class DashboardPanels
{
    /// <summary>Grafana's template variable holding the node a per-node dashboard shows.</summary>
    public const string HostVariable = "$host";

    /// <summary>Every node at once; averageSeriesWithWildcards(..., 2) folds the CPUs of a node into one line.</summary>
    public static readonly DashboardPanel[] Overview =
    [
        new("Agents up (master's count)", "none", "aliasByNode(*.QuloMaster.agents_up, 0)"),
        new("Agent liveness", "none", "aliasByNode(*.QuloAgent.up, 0)"),
        new("CPU busy, mean over CPUs", "percent", "aliasByNode(averageSeriesWithWildcards(*.CPUPercent.*, 2), 0)"),
        new("Memory used", "percent", "aliasByNode(*.VirtualMemory.percent, 0)"),
        new("Root file system used", "percent", "aliasByNode(*.DiskUsage.root.percent, 0)"),
        new("Network received", "Bps", "aliasByNode(perSecond(*.NetIOCounters.bytes_recv), 0)"),
        new("Network sent", "Bps", "aliasByNode(perSecond(*.NetIOCounters.bytes_sent), 0)"),
        new("Master to carbon, datapoints per second", "short",
            "aliasByNode(perSecond(*.QuloMaster.datapoints_received), 2)", "aliasByNode(perSecond(*.QuloMaster.datapoints_sent), 2)"),
        new("Master buffer and losses", "short",
            "aliasByNode(*.QuloMaster.datapoints_buffered, 2)", "aliasByNode(*.QuloMaster.datapoints_dropped, 2)", "aliasByNode(*.QuloMaster.reconnects, 2)"),
    ];

    /// <summary>One node, chosen with the <see cref="HostVariable"/> drop-down.</summary>
    public static readonly DashboardPanel[] Node =
    [
        new("Liveness", "none", $"alias({HostVariable}.QuloAgent.up, 'up')"),
        new("CPU busy per CPU", "percent", $"aliasByNode({HostVariable}.CPUPercent.*, 2)"),
        new("CPU time split", "percent", $"aliasByNode({HostVariable}.CPUTimesPercent.{{user,system,iowait,steal}}, 2)"),
        new("Memory and swap used", "percent", $"aliasByNode({HostVariable}.{{VirtualMemory,SwapMemory}}.percent, 1)"),
        new("Memory", "bytes", $"aliasByNode({HostVariable}.VirtualMemory.{{total,available,used,cached}}, 2)"),
        new("File systems used", "percent", $"aliasByNode({HostVariable}.DiskUsage.*.percent, 2)"),
        new("Disk throughput", "Bps", $"aliasByNode(perSecond({HostVariable}.DiskIOCounters.{{read_bytes,write_bytes}}), 2)"),
        new("Network throughput", "Bps", $"aliasByNode(perSecond({HostVariable}.NetIOCounters.{{bytes_recv,bytes_sent}}), 2)"),
        new("Network errors and drops", "short", $"aliasByNode(perSecond({HostVariable}.NetIOCounters.{{errin,errout,dropin,dropout}}), 2)"),
        new("Temperatures", "celsius", $"aliasByNode({HostVariable}.SensorsTemperatures.*.*.current, 2, 3)"),
        new("Users logged in", "short", $"alias({HostVariable}.Users.count, 'users')"),
    ];
}
