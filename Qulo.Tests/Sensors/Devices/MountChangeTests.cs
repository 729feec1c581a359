using Qulo.Actors.Sensors.Disk;
using Qulo.Actors.Sensors;
using Qulo.Tests.Support;
using Xunit;

namespace Qulo.Tests.Sensors.Devices;

/// <summary>Tests that mount file systems on this machine: they run alone, so that no other test reads the mount table meanwhile.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HostMountChanges
{
    public const string Name = "changes this machine's mounts";
}

[Collection(HostMountChanges.Name)]
public class MountChangeTests
{
    /// <summary>
    /// A tmpfs mounted on a scratch directory and unmounted again (root, as CI and the units run): the kernel's notice
    /// of each reaches the watch of /proc/self/mounts, and DiskUsage's view of local mount points follows it.
    /// </summary>
    [Fact]
    public void A_mount_and_an_unmount_are_each_announced_and_the_mount_point_is_local_only_between_them()
    {
        using var dir = new TempDirectory();
        var local = new LocalMounts(FileSystemRoots.Live);
        Assert.False(local.IsLocal(dir.Path));
        var watch = MountTableWatch.For(FileSystemRoots.Live.ProcPath("self/mounts"));
        Assert.NotNull(watch);
        var before = watch.Changes;

        Run("mount", "-t", "tmpfs", "qulo-test", dir.Path);
        int mounted;
        try
        {
            Assert.True(Wait.Until(() => watch.Changes > before), "the watch counted the mount");
            mounted = watch.Changes;
            Assert.True(local.IsLocal(dir.Path), "a tmpfs mount point is local");
        }
        finally
        {
            Run("umount", dir.Path);
        }
        Assert.True(Wait.Until(() => watch.Changes > mounted), "the watch counted the unmount");
        Assert.False(local.IsLocal(dir.Path));
        Assert.False(watch.Broken);
    }

    private static void Run(string program, params string[] arguments) => HostCommand.Run("this test mounts a tmpfs", program, arguments);
}
