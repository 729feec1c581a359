using Qulo.Actors.Sensors;
using Qulo.Actors.Sensors.Disk;
using Xunit;
using static Qulo.Tests.Sensors.Devices.DeviceFixtures;

namespace Qulo.Tests.Sensors.Devices;

public class DiskSensorTests
{
    [Fact]
    public void DiskPartitions_keeps_device_backed_mounts_with_escaped_names_bind_mounts_and_zfs()
    {
        var r = Read(DiskPartitionsSensor.Info, "dev-oddmounts");

        // 12 mounts; dropped: proc, tmpfs (nodev types), "none" device, nfs4 (nodev). zfs is kept as psutil keeps it.
        Assert.Equal(8, r["count"]);
        Assert.Equal(2, r["fstype.ext4"]);
        Assert.Equal(2, r["fstype.xfs"]);
        Assert.Equal(2, r["fstype.btrfs"]);
        Assert.Equal(1, r["fstype.vfat"]);
        Assert.Equal(1, r["fstype.zfs"]);
        Assert.Equal(6, r.Count);
    }

    [Fact]
    public void DiskPartitions_all_counts_every_mount()
    {
        var r = Read(DiskPartitionsSensor.Info, "dev-oddmounts", ("all", "true"));

        Assert.Equal(12, r["count"]);
        Assert.Equal(3, r["fstype.ext4"]);
        Assert.Equal(1, r["fstype.proc"]);
        Assert.Equal(1, r["fstype.tmpfs"]);
        Assert.Equal(1, r["fstype.nfs4"]);
    }

    [Fact]
    public void DiskPartitions_on_the_captured_server_sees_the_one_ext4_root()
    {
        var r = Read(DiskPartitionsSensor.Info, "dev-server");

        Assert.Equal(1, r["count"]);
        Assert.Equal(1, r["fstype.ext4"]);
    }

    [Theory]
    [InlineData(@"/mnt/my\040disk", "/mnt/my disk")]
    [InlineData(@"/mnt/tab\011here", "/mnt/tab\there")]
    [InlineData(@"/back\134slash", @"/back\slash")]
    [InlineData(@"/not\09escape", @"/not\09escape")]
    public void Mount_fields_decode_the_kernels_octal_escapes(string raw, string decoded) =>
        Assert.Equal(decoded, MountTable.Unescape(raw));

    [Fact]
    public void DiskIOCounters_totals_sum_whole_disks_only()
    {
        var r = Read(DiskIOCountersSensor.Info, "dev-oddmounts");

        // Whole devices (in sys/block): sda, sdb (14-field line), nvme0n1, dm-0, cciss/c0d0.
        Assert.Equal(100 + 7 + 1000 + 50 + 3, r["read_count"]);
        Assert.Equal(200 + 9 + 3000 + 70 + 4, r["write_count"]);
        Assert.Equal((2000 + 56 + 80000 + 400 + 24) * 512L, r["read_bytes"]);
        Assert.Equal((4000 + 72 + 160000 + 560 + 32) * 512L, r["write_bytes"]);
        Assert.Equal(50 + 3 + 400 + 10 + 1, r["read_time"]);
        Assert.Equal(60 + 4 + 900 + 20 + 2, r["write_time"]);
        Assert.Equal(10 + 1, r["read_merged_count"]);
        Assert.Equal(20 + 2 + 500, r["write_merged_count"]);
        Assert.Equal(70 + 5 + 1100 + 25 + 3, r["busy_time"]);
        Assert.Equal(9, r.Count);
    }

    /// <summary>Whether a device is a whole disk is looked up when it first appears: a disk added later counts, its partition does not.</summary>
    [Fact]
    public void DiskIOCounters_totals_count_a_disk_that_appears_between_reads_but_not_its_partition()
    {
        var tree = CopyToTemp("dev-oddmounts");
        try
        {
            var sensor = DiskIOCountersSensor.Info.Create(Context(DiskIOCountersSensor.Info,
                new FileSystemRoots(Path.Combine(tree, "proc"), Path.Combine(tree, "sys"))));
            var before = AsDictionary(sensor.Read())["read_count"];

            File.AppendAllText(Path.Combine(tree, "proc", "diskstats"),
                "   8      32 sdc 5000 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n   8      33 sdc1 700 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n");
            Directory.CreateDirectory(Path.Combine(tree, "sys", "block", "sdc"));

            Assert.Equal(100 + 7 + 1000 + 50 + 3, before);
            Assert.Equal(before + 5000, AsDictionary(sensor.Read())["read_count"]);
        }
        finally
        {
            Directory.Delete(tree, recursive: true);
        }
    }

    [Fact]
    public void DiskIOCounters_perdisk_lists_disks_and_partitions_with_sanitised_names()
    {
        var r = Read(DiskIOCountersSensor.Info, "dev-oddmounts", ("perdisk", "yes"));

        Assert.Equal(10 * 9, r.Count);
        // A 7-field partition line: reads, sectors read, writes, sectors written; the rest 0.
        Assert.Equal(5, r["sdb1.read_count"]);
        Assert.Equal(40 * 512, r["sdb1.read_bytes"]);
        Assert.Equal(6, r["sdb1.write_count"]);
        Assert.Equal(48 * 512, r["sdb1.write_bytes"]);
        Assert.Equal(0, r["sdb1.busy_time"]);
        Assert.Equal(660, r["nvme0n1p1.busy_time"]);
        Assert.Equal(3, r["cciss_c0d0.read_count"]);
    }

    [Fact]
    public void DiskIOCounters_on_the_captured_server_counts_vda()
    {
        var r = Read(DiskIOCountersSensor.Info, "dev-server", ("perdisk", "true"));

        // "254 0 vda 67206 19717 2110794 22913 17041 25523 1723080 26335 0 19448 ..." (20 fields, kernel 5.5+)
        Assert.Equal(67206, r["vda.read_count"]);
        Assert.Equal(19717, r["vda.read_merged_count"]);
        Assert.Equal(2110794 * 512L, r["vda.read_bytes"]);
        Assert.Equal(1723080 * 512L, r["vda.write_bytes"]);
        Assert.Equal(19448, r["vda.busy_time"]);
    }

    [Fact]
    public void DiskIOCounters_names_the_file_of_a_malformed_line()
    {
        var e = ThrowsNamingFile(DiskIOCountersSensor.Info, "dev-oddmounts", "proc/diskstats",
            file => File.AppendAllText(file, "   8  32 sdc 1 2 3 4 5\n"));

        Assert.Contains("sdc 1 2 3 4 5", e.Message);
    }

    [Fact]
    public void DiskIOCounters_names_a_missing_diskstats()
    {
        var sensor = DiskIOCountersSensor.Info.Create(Context(DiskIOCountersSensor.Info, Roots("dev-laptop")));

        var e = Assert.Throws<SensorException>(sensor.Read);
        Assert.Contains(Path.Combine(Root("dev-laptop"), "proc", "diskstats"), e.Message);
    }
}
