using System.Globalization;
using Qulo.Actors.Metrics;
using Qulo.Actors.Sensors.Commands;

namespace Qulo.Actors.Sensors.Slurm;

/// <summary>
/// Slurm jobs on this node (or the whole cluster with scope = cluster) from squeue: how many in each state,
/// and the CPUs, GPUs and memory that jobs holding an allocation (running, suspended, completing, ...) have.
/// A node without Slurm, or whose controller does not answer, reports nothing.
/// </summary>
public sealed class SlurmJobsSensor : IDescribedSensor
{
    private const string Name = "SlurmJobs";

    /// <summary>Reported even when no job is in them, so graphs show zeros rather than gaps.</summary>
    private static readonly string[] CommonStates = ["pending", "running", "suspended", "completing", "configuring"];

    /// <summary>States in which a job holds CPUs, memory and GPUs on its nodes (squeue's long state names, lowercased).</summary>
    private static readonly HashSet<string> AllocatedStates =
        ["running", "suspended", "completing", "configuring", "stage_out", "signaling", "resizing"];

    /// <summary>What squeue prints when Slurm is installed but not reachable or not configured on this node.</summary>
    private static readonly string[] UnreachableMessages = ["Unable to contact slurm controller", "Could not establish a configuration source"];

    /// <summary>state (long form), CPUs, nodes, memory per node in MB with a unit suffix, generic resources per node.</summary>
    private const string Format = "%T|%C|%D|%m|%b";

    public static SensorInfo Info { get; } = new(
        Name,
        "Slurm jobs from squeue, on this node or (scope = cluster) in the whole cluster: the number in each state (pending, running, "
        + "suspended, completing, configuring, and any other seen), total, and for the jobs holding an allocation the cpus, gpus (from --gres) "
        + "and memory in bytes they hold. On this node a multi-node job counts for its CPUs divided by its nodes and its per-node memory and GPUs; "
        + "memory asked per CPU (--mem-per-cpu) is shown by squeue, and so counted, as if per node. Without Slurm it reports nothing.",
        [
            SensorOption.Choice("scope", "node", "node: jobs with an allocation on this node; cluster: every job the controller knows", "node", "cluster"),
            new SensorOption("squeue", SensorOptionKind.String, "squeue", "the squeue program, a path or a name on PATH"),
            new SensorOption("node", SensorOptionKind.String, "", "this node's Slurm NodeName (empty: the host name up to its first dot)"),
            SensorOption.PositiveNumber("timeout", 10, "seconds to wait for squeue"),
        ],
        [.. CommonStates.Select(s => $"{Name}.{s}"), $"{Name}.<other state>", $"{Name}.total", $"{Name}.cpus", $"{Name}.gpus", $"{Name}.memory"],
        context => new SlurmJobsSensor(context.Options));

    private readonly string _squeue;
    private readonly string? _node;
    private readonly TimeSpan _timeout;
    private readonly AbsenceLog _absence = new(Name);

    private SlurmJobsSensor(SensorOptions options)
    {
        _squeue = options.GetString("squeue");
        _timeout = TimeSpan.FromSeconds(options.GetPositiveNumber("timeout"));
        if (options.GetString("scope") == "node")
            _node = options.GetString("node") is { Length: > 0 } node ? node : Environment.MachineName.Split('.')[0];
    }

    /// <summary>One line per job (array elements apart), every partition, no header; in node scope only the jobs on this node.</summary>
    internal IReadOnlyList<string> Arguments =>
        ["--noheader", "--all", "--array", "--format", Format, .. _node is null ? Array.Empty<string>() : ["--nodelist", _node]];

    public IReadOnlyList<Reading> Read()
    {
        var output = ExternalCommand.Run(_squeue, Arguments, _timeout);
        if (output is null)
        {
            _absence.Say($"no {_squeue} on this node");
            return [];
        }
        if (output.ExitCode != 0)
        {
            if (UnreachableMessages.Any(m => output.Combined.Contains(m, StringComparison.OrdinalIgnoreCase)))
            {
                _absence.Say($"{_squeue}: {output.Combined.Split('\n')[0]}");
                return [];
            }
            throw new SensorException($"{_squeue} exited with code {output.ExitCode}: {output.Combined}");
        }
        return Summarise(output.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ParseJob));
    }

    private sealed record Job(string State, double Cpus, double Gpus, double MemoryBytes);

    private IReadOnlyList<Reading> Summarise(IEnumerable<Job> jobs)
    {
        var byState = CommonStates.ToDictionary(s => s, _ => 0, StringComparer.Ordinal);
        int total = 0;
        double cpus = 0, gpus = 0, memory = 0;
        foreach (var job in jobs)
        {
            total++;
            byState[job.State] = byState.GetValueOrDefault(job.State) + 1;
            if (!AllocatedStates.Contains(job.State)) continue;
            cpus += job.Cpus;
            gpus += job.Gpus;
            memory += job.MemoryBytes;
        }
        return
        [
            .. byState.Select(s => new Reading(s.Key, s.Value)),
            new Reading("total", total), new Reading("cpus", cpus), new Reading("gpus", gpus), new Reading("memory", memory),
        ];
    }

    /// <summary>A job's line, with its resources counted for this node (node scope) or for all its nodes (cluster scope).</summary>
    private Job ParseJob(string line)
    {
        var cells = line.Split('|');
        if (cells.Length != 5) throw Malformed(line, $"{cells.Length} fields, expected 5 ({Format})");
        var state = MetricPath.Sanitize(cells[0].ToLowerInvariant());
        var cpus = Count(line, "CPUs", cells[1]);
        var nodes = Math.Max(1, Count(line, "nodes", cells[2]));
        var memoryPerNode = MemoryBytes(line, cells[3]);
        var gpusPerNode = Gpus(line, cells[4]);
        return _node is null
            ? new Job(state, cpus, gpusPerNode * nodes, memoryPerNode * nodes)
            : new Job(state, (double)cpus / nodes, gpusPerNode, memoryPerNode);
    }

    private int Count(string line, string what, string cell) =>
        int.TryParse(cell, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw Malformed(line, $"{what} '{cell}' is not a number");

    /// <summary>%m: megabytes (MiB), printed bare by old squeue and with a K, M, G, T or P suffix by newer ones.</summary>
    private double MemoryBytes(string line, string cell)
    {
        var unit = cell.Length > 0 ? "KMGTP".IndexOf(char.ToUpperInvariant(cell[^1])) : -1;
        var number = unit < 0 ? cell : cell[..^1];
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            throw Malformed(line, $"memory '{cell}' is not a size");
        return value * Math.Pow(1024, unit < 0 ? 2 : unit + 1);
    }

    /// <summary>
    /// GPUs in %b, a comma-separated list such as "gres:gpu:4", "gres/gpu:a100:2", "gpu" (one), "N/A" or "(null)":
    /// each "gpu" item counts its last number.
    /// </summary>
    private double Gpus(string line, string cell)
    {
        double gpus = 0;
        foreach (var item in cell.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = item.Split(':', '/');
            var start = parts[0] == "gres" ? 1 : 0;
            if (parts.Length <= start || parts[start] != "gpu") continue;
            var last = parts[^1];
            if (parts.Length == start + 1 || last.Length == 0 || !char.IsAsciiDigit(last[0])) gpus += 1;
            else gpus += double.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw Malformed(line, $"GPU count '{item}' is not a number");
        }
        return gpus;
    }

    private SensorException Malformed(string line, string problem) => new($"malformed {_squeue} output '{line}': {problem}");
}
