using Qulo.Actors.Sensors.Procfs;
using Qulo.Actors.Metrics;
using Serilog;

namespace Qulo.Actors.Sensors.Disk;

/// <summary>
/// psutil's disk_usage(path) for each configured path, from statvfs: total, used, free (what an
/// unprivileged user may still write) and percent (used over used plus that free, one decimal).
/// </summary>
public sealed class DiskUsageSensor : IDescribedSensor
{
    public static SensorInfo Info { get; } = new(
        "DiskUsage",
        "Disk space of file systems (psutil.disk_usage): bytes total, used, free for users, and percent used, per path.",
        [
            SensorOption.List("path", "/", "mount points to measure, comma separated"),
            SensorOption.PositiveNumber("timeout", 5, "seconds to wait for statvfs on a path before reporting it as stuck (hung NFS)"),
        ],
        ["DiskUsage.<mount>.total", "DiskUsage.<mount>.used", "DiskUsage.<mount>.free", "DiskUsage.<mount>.percent"],
        context => new DiskUsageSensor(context, StatVfs.Of));

    private readonly string[] _paths;
    private readonly string[][] _names;
    private readonly TimeSpan _timeout;
    private readonly Func<string, StatVfs> _statVfs;
    private readonly LocalMounts _localMounts;

    /// <summary>
    /// The statvfs call of each path that runs on a thread of its own, from this sample or one still running from
    /// an earlier sample. statvfs on a mount whose NFS server is gone blocks in the kernel, uninterruptibly and
    /// possibly for ever; so each path's call, unless the path is a local mount point (<see cref="LocalMounts"/>),
    /// runs as its own task that the sampler waits on only for the timeout, and a path still stuck from an earlier
    /// sample gets no second call (which would leak one blocked thread per sample) until its first returns.
    /// Only the sampling thread reads and writes it: samples of one sensor never overlap.
    /// </summary>
    private readonly Task<StatVfs>?[] _calls;
    private string? _lastProblems;

    internal DiskUsageSensor(SensorContext context, Func<string, StatVfs> statVfs)
    {
        _paths = [.. context.Options.GetList("path").Distinct(StringComparer.Ordinal)];
        _names = [.. _paths.Select(ReadingNames)];
        _calls = new Task<StatVfs>?[_paths.Length];
        _localMounts = new LocalMounts(context.Roots);
        _timeout = TimeSpan.FromSeconds(context.Options.GetPositiveNumber("timeout"));
        _statVfs = statVfs;
    }

    public IReadOnlyList<Reading> Read()
    {
        // Local mount points are measured right here below; the other paths each get a call of their own.
        var waiting = false;
        for (var i = 0; i < _paths.Length; i++)
        {
            if (_calls[i] is null && _localMounts.IsLocal(_paths[i])) continue;
            _calls[i] ??= Start(_paths[i]);
            waiting = true;
        }
        if (waiting)
        {
            try
            {
                Task.WhenAll(_calls.OfType<Task<StatVfs>>()).Wait(_timeout);
            }
            catch (AggregateException)
            {
                // Each failed path is reported below from its own task.
            }
        }

        var readings = new Reading[_paths.Length * ReadingsPerPath];
        var count = 0;
        List<string>? problems = null;
        for (var i = 0; i < _paths.Length; i++)
        {
            var (path, call) = (_paths[i], _calls[i]);
            if (call is null)
            {
                try
                {
                    count = AddUsage(readings, count, _names[i], _statVfs(path));
                }
                catch (SensorException e)
                {
                    (problems ??= []).Add(e.Message);
                }
                continue;
            }
            if (!call.IsCompleted)
            {
                (problems ??= []).Add($"statvfs({path}) has not returned after {_timeout.TotalSeconds} s (hung network file system?)");
                continue;
            }
            _calls[i] = null;
            if (call.IsCompletedSuccessfully)
                count = AddUsage(readings, count, _names[i], call.Result);
            else
                (problems ??= []).Add(call.Exception!.InnerException!.Message);
        }

        var summary = problems is null ? null : "DiskUsage: " + string.Join("; ", problems);
        if (summary is not null && count == 0) throw new SensorException(summary);
        ReportChange(summary);
        return count == readings.Length ? readings : readings[..count];
    }

    /// <summary>
    /// The healthy paths are still reported; the stuck or failing ones are named in the log when
    /// they start failing and when they recover, not at every sample.
    /// </summary>
    private void ReportChange(string? summary)
    {
        if (summary == _lastProblems) return;
        if (summary is not null) Log.ForContext<DiskUsageSensor>().Warning("{Problems}", summary);
        else Log.ForContext<DiskUsageSensor>().Information("DiskUsage: all paths answer again");
        _lastProblems = summary;
    }

    /// <summary>
    /// A pool thread, not a dedicated one: starting a thread per sample cost far more than statvfs
    /// itself, and a hung path holds at most one pool thread because it gets no second call.
    /// </summary>
    private Task<StatVfs> Start(string path) => Task.Run(() => _statVfs(path));

    /// <summary>The readings of one path, for tests: <see cref="AddUsage"/> with names built on the spot.</summary>
    internal static IEnumerable<Reading> Usage(string path, StatVfs st)
    {
        var readings = new Reading[ReadingsPerPath];
        AddUsage(readings, 0, ReadingNames(path), st);
        return readings;
    }

    private const int ReadingsPerPath = 4;

    /// <summary>"&lt;mount&gt;.total", ".used", ".free", ".percent", built once per configured path.</summary>
    private static string[] ReadingNames(string path)
    {
        var mount = MetricPath.MountPoint(path);
        return [MetricPath.Join(mount, "total"), MetricPath.Join(mount, "used"), MetricPath.Join(mount, "free"), MetricPath.Join(mount, "percent")];
    }

    /// <summary>
    /// psutil's formulas: used = (f_blocks - f_bfree) * f_frsize; percent = used / (used + f_bavail * f_frsize), rounded to 0.1.
    /// Writes the path's readings at <paramref name="at"/> and returns where the next path's go.
    /// </summary>
    private static int AddUsage(Reading[] readings, int at, string[] names, StatVfs st)
    {
        var total = st.Blocks * st.FragmentSize;
        var used = (st.Blocks - st.BlocksFree) * st.FragmentSize;
        var free = st.BlocksAvailable * st.FragmentSize;
        var percent = used + free == 0 ? 0 : PsutilMath.Round((double)used / (used + free) * 100, 1);
        readings[at] = new Reading(names[0], total);
        readings[at + 1] = new Reading(names[1], used);
        readings[at + 2] = new Reading(names[2], free);
        readings[at + 3] = new Reading(names[3], percent);
        return at + ReadingsPerPath;
    }
}
