using System.Text;
using Qulo.Actors.Sensors;
using Qulo.Actors.Sensors.Procfs;
using Xunit;

namespace Qulo.Tests.Sensors.SystemSensors;

/// <summary>The kept-open files the sensors read at every sample: fresh content each time, clear errors, never a stale read.</summary>
public class KeptFileTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Each_read_gets_the_kernels_fresh_content(bool wholeInOneRead)
    {
        // /proc/uptime counts in hundredths of a second: two reads 50 ms apart must differ.
        var uptime = new KeptFile("/proc/uptime", wholeInOneRead ? KeptFile.Layout.WholeInOneRead : KeptFile.Layout.Unknown);
        var first = Encoding.ASCII.GetString(uptime.Read());
        Thread.Sleep(50);
        var second = Encoding.ASCII.GetString(uptime.Read());

        Assert.Matches(@"^\d+\.\d\d \d+\.\d\d\n$", first);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void A_file_larger_than_the_buffer_is_read_whole()
    {
        using var tree = ScratchTree.Empty();
        var content = string.Concat(Enumerable.Range(0, 3000).Select(i => $"line {i}\n"));
        tree.Write("proc/big", content);

        Assert.Equal(content, Encoding.ASCII.GetString(new KeptFile(tree.PathOf("proc/big"), KeptFile.Layout.WholeInOneRead).Read()));
        Assert.Equal(content, Encoding.ASCII.GetString(new KeptFile(tree.PathOf("proc/big")).Read()));
    }

    [Fact]
    public void The_paged_layout_reads_a_many_page_seq_file_whole()
    {
        // /proc/self/maps of a .NET process runs to many pages of lines shorter than 512 bytes.
        var expected = File.ReadAllLines("/proc/self/maps").Length;
        var lines = Encoding.ASCII.GetString(new KeptFile("/proc/self/maps", KeptFile.Layout.PagedLines).Read()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;

        Assert.True(expected > 100, $"only {expected} lines");
        Assert.InRange(lines, expected - 50, expected + 50); // the runtime maps and unmaps memory meanwhile
    }

    [Fact]
    public void A_missing_file_is_named_and_read_once_it_appears()
    {
        using var tree = ScratchTree.Empty();
        var file = new KeptFile(tree.PathOf("proc/later"));

        var error = Assert.Throws<SensorException>(() => file.Read());
        Assert.Contains(tree.PathOf("proc/later"), error.Message);
        Assert.Contains("No such file or directory", error.Message);
        Assert.False(file.ReadIfExists(out _));
        Assert.False(file.TryRead(out _));

        tree.Write("proc/later", "42\n");
        Assert.Equal("42\n", Encoding.ASCII.GetString(file.Read()));
    }
}

/// <summary>The kept-open directory the battery sensor lists at every sample.</summary>
public class KeptDirectoryTests
{
    [Fact]
    public void Each_listing_sees_entries_added_and_removed_since_the_last()
    {
        using var tree = ScratchTree.Empty();
        var directory = new Qulo.Actors.Sensors.Sysfs.KeptDirectory(tree.PathOf("proc/supplies"));
        static bool IsBattery(string name) => name.StartsWith("BAT", StringComparison.Ordinal);

        Assert.Null(directory.FirstMatching(IsBattery)); // no such directory yet
        tree.Write("proc/supplies/AC/online", "1\n");
        tree.Write("proc/supplies/BAT1/status", "Full\n");
        Assert.Equal("BAT1", directory.FirstMatching(IsBattery));
        tree.Write("proc/supplies/BAT0/status", "Full\n");
        Assert.Equal("BAT0", directory.FirstMatching(IsBattery));
        Directory.Delete(tree.PathOf("proc/supplies/BAT0"), recursive: true);
        Assert.Equal("BAT1", directory.FirstMatching(IsBattery));
    }

    [Fact]
    public void A_directory_of_many_entries_is_listed_whole()
    {
        using var tree = ScratchTree.Empty();
        // 600 names of 40 bytes take several getdents64 calls of the 8 KiB buffer.
        foreach (var i in Enumerable.Range(0, 600)) tree.Write($"proc/many/{i:D4}-{new string('x', 30)}", "");
        var directory = new Qulo.Actors.Sensors.Sysfs.KeptDirectory(tree.PathOf("proc/many"));

        var count = 0;
        directory.FirstMatching(_ => { count++; return false; });
        Assert.Equal(600, count);
        Assert.Equal($"0000-{new string('x', 30)}", directory.FirstMatching(_ => true));
    }
}
