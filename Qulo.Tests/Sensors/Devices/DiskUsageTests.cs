using Qulo.Actors.Sensors;
using Qulo.Actors.Sensors.Disk;
using Qulo.Tests.Sensors.SystemSensors;
using Xunit;
using static Qulo.Tests.Sensors.Devices.DeviceFixtures;

namespace Qulo.Tests.Sensors.Devices;

public class DiskUsageTests
{
    private static readonly StatVfs Sample = new() { FragmentSize = 4096, Blocks = 1000, BlocksFree = 300, BlocksAvailable = 250 };

    [Fact]
    public void Usage_follows_psutils_formulas()
    {
        var r = AsDictionary(DiskUsageSensor.Usage("/", Sample).ToList());

        Assert.Equal(1000 * 4096, r["root.total"]);
        Assert.Equal((1000 - 300) * 4096, r["root.used"]);
        Assert.Equal(250 * 4096, r["root.free"]);
        // used / (used + free for users) = 700 / 950 = 73.68..% -> 73.7
        Assert.Equal(73.7, r["root.percent"]);
    }

    [Fact]
    public void Usage_of_an_empty_file_system_is_zero_percent() =>
        Assert.Equal(0, AsDictionary(DiskUsageSensor.Usage("/mnt/my disk", new StatVfs()).ToList())["mnt_my_disk.percent"]);

    [Fact]
    public void A_stuck_path_does_not_hold_back_the_others_and_gets_no_second_thread()
    {
        using var release = new ManualResetEventSlim();
        var stuckCalls = 0;
        StatVfs StatVfsOf(string path)
        {
            if (path != "/nfs") return Sample;
            Interlocked.Increment(ref stuckCalls);
            release.Wait();
            return Sample;
        }
        var sensor = Create(StatVfsOf, ("path", "/, /nfs"), ("timeout", "0.05"));

        var first = AsDictionary(sensor.Read());
        // The second sample must find the first call still blocked, not merely not yet started on a busy pool.
        Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref stuckCalls) == 1, TimeSpan.FromMinutes(1)));
        var second = AsDictionary(sensor.Read());

        Assert.Equal(["root.free", "root.percent", "root.total", "root.used"], first.Keys.Order());
        Assert.Equal(first.Keys.Order(), second.Keys.Order());
        Assert.Equal(1, Volatile.Read(ref stuckCalls));

        release.Set();
        var recovered = SpinUntil(() => AsDictionary(sensor.Read()), r => r.ContainsKey("nfs.total"));
        Assert.Equal(1000 * 4096, recovered["nfs.total"]);
    }

    [Fact]
    public void Only_stuck_paths_throw_naming_them()
    {
        using var never = new ManualResetEventSlim();
        var sensor = Create(_ => { never.Wait(); return Sample; }, ("path", "/nfs"), ("timeout", "0.05"));

        var e = Assert.Throws<SensorException>(sensor.Read);
        Assert.Contains("statvfs(/nfs) has not returned", e.Message);
        never.Set();
    }

    /// <summary>
    /// statvfs of a local mount point cannot hang, so it runs on the sampling thread; a network mount, a mount
    /// point covered by a network mount, and a path that is no mount point get a thread of their own.
    /// </summary>
    [Fact]
    public void Only_local_mount_points_are_measured_on_the_sampling_thread()
    {
        using var tree = ScratchTree.Empty();
        tree.Write("proc/self/mounts", "/dev/sda1 / ext4 rw 0 0\nserver:/export /nfs nfs4 rw 0 0\n"
            + "/dev/sdb1 /data xfs rw 0 0\nserver:/data /data nfs rw 0 0\ntmpfs /run tmpfs rw 0 0\n");
        var threads = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        var sensor = new DiskUsageSensor(
            Context(DiskUsageSensor.Info, tree.Roots, ("path", "/, /nfs, /data, /run, /run/user")),
            path => { threads[path] = Environment.CurrentManagedThreadId; return Sample; });

        var readings = AsDictionary(sensor.Read());

        Assert.Equal(5 * 4, readings.Count);
        var sampler = Environment.CurrentManagedThreadId;
        Assert.Equal(sampler, threads["/"]);
        Assert.Equal(sampler, threads["/run"]);
        Assert.All(new[] { "/nfs", "/data", "/run/user" }, path => Assert.NotEqual(sampler, threads[path]));
    }

    [Fact]
    public void A_missing_path_is_named_with_the_system_error()
    {
        var sensor = DiskUsageSensor.Info.Create(Context(DiskUsageSensor.Info, FileSystemRoots.Live, ("path", "/no/such/qulo/mount")));

        var e = Assert.Throws<SensorException>(sensor.Read);
        Assert.Contains("statvfs(/no/such/qulo/mount) failed: No such file or directory", e.Message);
    }

    [Fact]
    public void A_failing_path_does_not_hide_the_healthy_ones()
    {
        var sensor = DiskUsageSensor.Info.Create(Context(DiskUsageSensor.Info, FileSystemRoots.Live, ("path", "/no/such/qulo/mount, /")));

        Assert.Equal(["root.free", "root.percent", "root.total", "root.used"], AsDictionary(sensor.Read()).Keys.Order());
    }

    private static DiskUsageSensor Create(Func<string, StatVfs> statVfs, params (string, string)[] options) =>
        new(Context(DiskUsageSensor.Info, FileSystemRoots.Live, options), statVfs);

    /// <summary>Reads until the released statvfs thread has delivered (its completion is not synchronous with Set); each read waits up to the sensor's timeout.</summary>
    private static T SpinUntil<T>(Func<T> read, Func<T, bool> done)
    {
        var value = read();
        for (var attempt = 0; attempt < 200 && !done(value); attempt++)
            value = read();
        return value;
    }
}
