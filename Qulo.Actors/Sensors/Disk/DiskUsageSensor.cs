using System.Collections.Concurrent;
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

    private readonly IReadOnlyList<string> _paths;
    private readonly TimeSpan _timeout;
    private readonly Func<string, StatVfs> _statVfs;

    /// <summary>
    /// statvfs calls still running from earlier samples. statvfs on a mount whose NFS server is gone
    /// blocks in the kernel, uninterruptibly and possibly for ever; so each path gets its own thread
    /// that the sampler waits on only for the timeout, and a path still stuck from an earlier sample
    /// gets no second thread (which would leak one thread per sample) until its first call returns.
    /// </summary>
    private readonly ConcurrentDictionary<string, Task<StatVfs>> _inFlight = new(StringComparer.Ordinal);

    internal DiskUsageSensor(SensorContext context, Func<string, StatVfs> statVfs)
    {
        _paths = context.Options.GetList("path");
        _timeout = TimeSpan.FromSeconds(context.Options.GetPositiveNumber("timeout"));
        _statVfs = statVfs;
    }

    public IReadOnlyList<Reading> Read()
    {
        var calls = _paths.Distinct(StringComparer.Ordinal).ToDictionary(p => p, p => _inFlight.GetOrAdd(p, Start));
        try
        {
            Task.WhenAll(calls.Values).Wait(_timeout);
        }
        catch (AggregateException)
        {
            // Each failed path is reported below from its own task.
        }

        var readings = new List<Reading>();
        var problems = new List<string>();
        foreach (var (path, call) in calls)
        {
            if (!call.IsCompleted)
            {
                problems.Add($"statvfs({path}) has not returned after {_timeout.TotalSeconds} s (hung network file system?)");
                continue;
            }
            _inFlight.TryRemove(path, out _);
            if (call.IsCompletedSuccessfully)
                readings.AddRange(Usage(path, call.Result));
            else
                problems.Add(call.Exception!.InnerException!.Message);
        }

        if (problems.Count == 0) return readings;
        var error = new SensorException("DiskUsage: " + string.Join("; ", problems));
        if (readings.Count == 0) throw error;
        // The healthy paths are still reported; the stuck or failing ones are named in the log.
        Log.ForContext<DiskUsageSensor>().Warning(error, "{Message}", error.Message);
        return readings;
    }

    private Task<StatVfs> Start(string path) =>
        Task.Factory.StartNew(() => _statVfs(path), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>psutil's formulas: used = (f_blocks - f_bfree) * f_frsize; percent = used / (used + f_bavail * f_frsize), rounded to 0.1.</summary>
    internal static IEnumerable<Reading> Usage(string path, StatVfs st)
    {
        var total = st.Blocks * st.FragmentSize;
        var used = (st.Blocks - st.BlocksFree) * st.FragmentSize;
        var free = st.BlocksAvailable * st.FragmentSize;
        var percent = used + free == 0 ? 0 : Math.Round((double)used / (used + free) * 100, 1, MidpointRounding.ToEven);
        var mount = MetricPath.MountPoint(path);
        return
        [
            new Reading(MetricPath.Join(mount, "total"), total),
            new Reading(MetricPath.Join(mount, "used"), used),
            new Reading(MetricPath.Join(mount, "free"), free),
            new Reading(MetricPath.Join(mount, "percent"), percent),
        ];
    }
}
