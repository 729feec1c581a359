using Qulo.Actors.Metrics;
using Qulo.Actors.Sensors.Procfs;

namespace Qulo.Actors.Sensors.Load;

/// <summary>
/// How many processes are in each state, under psutil's names for the state letter of /proc/[pid]/stat
/// (Process.status()), how many processes there are (len(psutil.pids())) and how many threads they run
/// (the sum of Process.num_threads(), which psutil reads from status and we from stat: the same kernel count).
/// </summary>
public sealed class ProcessesSensor(SensorContext context) : IDescribedSensor
{
    /// <summary>psutil's PROC_STATUSES: the kernel's state letter and the name psutil gives it.</summary>
    private static readonly IReadOnlyDictionary<char, string> StatusByLetter = new Dictionary<char, string>
    {
        ['R'] = "running", ['S'] = "sleeping", ['D'] = "disk-sleep", ['T'] = "stopped", ['t'] = "tracing-stop",
        ['Z'] = "zombie", ['X'] = "dead", ['x'] = "dead", ['K'] = "wake-kill", ['W'] = "waking", ['I'] = "idle", ['P'] = "parked",
    };

    /// <summary>Every state is reported, zero or not, so that a graph of zombies has points when there are none.</summary>
    private static readonly string[] Statuses = StatusByLetter.Values.Distinct().ToArray();

    /// <summary>num_threads is field 20 of stat (man 5 proc), the 18th after the state, which is the first after the name.</summary>
    private const int ThreadsAfterState = 17;

    public static SensorInfo Info { get; } = new(
        "Processes",
        "Processes by state with psutil's status names (running, sleeping, disk-sleep, stopped, zombie, idle, ...), "
        + "total processes and total threads, from /proc/[pid]/stat.",
        [],
        [.. Statuses.Select(s => $"Processes.{s}"), "Processes.total", "Processes.threads"],
        context => new ProcessesSensor(context));

    public IReadOnlyList<Reading> Read()
    {
        var counts = Statuses.ToDictionary(s => s, _ => 0L, StringComparer.Ordinal);
        long total = 0, threads = 0;
        foreach (var pidDirectory in PidDirectories())
        {
            if (ReadStat(pidDirectory) is not { } stat) continue; // exited since the listing
            total++;
            threads += stat.Threads;
            if (StatusByLetter.TryGetValue(stat.State, out var status)) counts[status]++; // else psutil says "?": counted in total only
        }
        return [.. Statuses.Select(s => new Reading(s, counts[s])), new Reading("total", total), new Reading("threads", threads)];
    }

    /// <summary>psutil.pids(): the all-digit entries of /proc.</summary>
    private IEnumerable<string> PidDirectories()
    {
        try
        {
            return Directory.EnumerateDirectories(context.Roots.Proc)
                .Where(d => Path.GetFileName(d).All(char.IsAsciiDigit))
                .ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SensorException($"cannot list {context.Roots.Proc}: {e.Message}", e);
        }
    }

    private readonly record struct Stat(char State, long Threads);

    /// <summary>The state and thread count of one process, or null when it has gone (its directory with it).</summary>
    private static Stat? ReadStat(string pidDirectory)
    {
        var path = Path.Combine(pidDirectory, "stat");
        string text;
        try
        {
            if (ProcFile.ReadIfExists(path) is not { } read) return null;
            text = read;
        }
        catch (SensorException) when (!Directory.Exists(pidDirectory))
        {
            return null; // reaped between open and read (ESRCH)
        }
        return Parse(path, text);
    }

    /// <summary>Like psutil, the name is what lies between the first '(' and the last ')': it may hold blanks and parentheses.</summary>
    private static Stat Parse(string path, string text)
    {
        var close = text.LastIndexOf(')');
        var fields = close < 0 ? [] : ProcFile.Fields(text[(close + 1)..]);
        if (fields.Length <= ThreadsAfterState)
            throw ProcFile.Malformed(path, $"expected '(name)' followed by at least {ThreadsAfterState + 1} fields");
        if (fields[0].Length != 1)
            throw ProcFile.Malformed(path, $"'{fields[0]}' is not a one-letter process state");
        return new Stat(fields[0][0], ProcFile.ParseLong(path, fields[ThreadsAfterState]));
    }
}
