using Xunit;

namespace Qulo.Tests.Sensors.SystemSensors;

/// <summary>Memory sensors over hand-made meminfo files; expected bytes are the fixture's kB times 1024.</summary>
public class MemorySensorTests
{
    private const long KiB = 1024;

    [Fact]
    public void VirtualMemory_follows_psutil_formulas()
    {
        var memory = SysFixture.Read("VirtualMemory", "sys-laptop");
        Assert.Equal(new Dictionary<string, double>
        {
            ["total"] = 16_000_000 * KiB,
            ["available"] = 9_000_000 * KiB,
            ["percent"] = 43.8, // (16 000 000 - 9 000 000) / 16 000 000 = 43.75 %, a tie rounded to even
            ["used"] = (16_000_000 - 2_000_000 - 6_600_000 - 500_000) * KiB, // total - free - cached - buffers
            ["free"] = 2_000_000 * KiB,
            ["active"] = 7_000_000 * KiB,
            ["inactive"] = 4_000_000 * KiB,
            ["buffers"] = 500_000 * KiB,
            ["cached"] = (6_000_000 + 600_000) * KiB, // Cached + SReclaimable, as "free" shows it
            ["shared"] = 700_000 * KiB,
            ["slab"] = 900_000 * KiB,
        }, memory);
    }

    [Fact]
    public void VirtualMemory_without_MemAvailable_estimates_it_from_zoneinfo()
    {
        // Low watermarks 10 + 1000 + 15000 pages; each of the three terms loses one watermark:
        // free + page cache (Active(file) + Inactive(file)) + SReclaimable - 3 * watermark.
        var watermark = 16_010L * Environment.SystemPageSize;
        var expected = (1_000_000 + 2_500_000 + 300_000) * KiB - 3 * watermark;
        var memory = SysFixture.Read("VirtualMemory", "sys-oldkernel");
        Assert.Equal(expected, memory["available"]);
        Assert.Equal(0.0, memory["shared"]); // no Shmem before 2.6.32
        Assert.Equal((8_000_000 - 1_000_000 - 3_300_000 - 200_000) * KiB, memory["used"]);
    }

    [Fact]
    public void VirtualMemory_without_MemAvailable_or_zoneinfo_takes_free_plus_cached()
    {
        using var tree = ScratchTree.CopyOf("sys-oldkernel");
        tree.Delete("proc/zoneinfo");
        var memory = SysFixture.ToDictionary(SysFixture.Create("VirtualMemory", tree.Roots).Read());
        Assert.Equal((1_000_000 + 3_000_000) * KiB, memory["available"]);
        Assert.Equal(50.0, memory["percent"]); // 4 000 000 of 8 000 000 kB not available
    }

    [Fact]
    public void VirtualMemory_in_a_distorting_container_falls_back_like_procps()
    {
        // LXC meminfo: cached (3.6 GB) exceeds total - free, and MemAvailable exceeds MemTotal.
        var memory = SysFixture.Read("VirtualMemory", "sys-noswap-container");
        Assert.Equal((4_000_000 - 1_000_000) * KiB, memory["used"]);     // total - free
        Assert.Equal(1_000_000 * KiB, memory["available"]);              // free
        Assert.Equal(75.0, memory["percent"]);
    }

    [Fact]
    public void SwapMemory_reports_space_and_traffic()
    {
        var swap = SysFixture.Read("SwapMemory", "sys-laptop");
        Assert.Equal(new Dictionary<string, double>
        {
            ["total"] = 8_000_000 * KiB, ["used"] = 2_000_000 * KiB, ["free"] = 6_000_000 * KiB, ["percent"] = 25.0,
            ["sin"] = 1000 * 4096, ["sout"] = 2500 * 4096, // pswpin/pswpout in 4 KiB units
        }, swap);
    }

    [Fact]
    public void SwapMemory_reports_nothing_without_swap() =>
        Assert.Empty(SysFixture.Read("SwapMemory", "sys-noswap-container"));

    [Fact]
    public void SwapMemory_leaves_out_traffic_when_vmstat_is_missing()
    {
        var swap = SysFixture.Read("SwapMemory", "sys-oldkernel");
        Assert.Equal(["free", "percent", "total", "used"], swap.Keys.Order());
        Assert.Equal(0.0, swap["percent"]);
    }
}
