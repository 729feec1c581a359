using Xunit;

namespace Qulo.Tests.Sensors.SystemSensors;

/// <summary>CPU sensors over hand-made fixtures; every expected number is worked out from the fixture files.</summary>
public class CpuSensorTests
{
    private static readonly (string, string) PerCpu = ("percpu", "true");
    private static readonly (string, string) NotPerCpu = ("percpu", "false");

    [Fact]
    public void CpuTimes_are_the_first_stat_line_in_seconds()
    {
        // cpu  100000 500 30000 800000 4000 0 2000 0 1000 0 (ticks of 1/100 s)
        var times = SysFixture.Read("CPUTimes", "sys-laptop");
        Assert.Equal(new Dictionary<string, double>
        {
            ["user"] = 1000, ["nice"] = 5, ["system"] = 300, ["idle"] = 8000, ["iowait"] = 40,
            ["irq"] = 0, ["softirq"] = 20, ["steal"] = 0, ["guest"] = 10, ["guest_nice"] = 0,
        }, times);
    }

    [Fact]
    public void CpuTimes_per_cpu_are_indexed_by_position()
    {
        var times = SysFixture.Read("CPUTimes", "sys-laptop", PerCpu);
        Assert.Equal(40, times.Count);
        Assert.Equal(2.0, times["1.nice"]); // cpu1 nice = 200 ticks
        Assert.Equal(2000.0, times["3.idle"]);
    }

    [Fact]
    public void CpuTimes_of_an_old_kernel_have_only_the_fields_it_writes()
    {
        // Linux 2.6.11-2.6.23: eight fields, steal but no guest.
        var times = SysFixture.Read("CPUTimes", "sys-oldkernel");
        Assert.Equal(["idle", "iowait", "irq", "nice", "softirq", "steal", "system", "user"], times.Keys.Order());
        Assert.Equal(4.0, times["steal"]);
    }

    [Fact]
    public void CpuPercent_per_cpu_is_the_busy_share_since_the_previous_sample()
    {
        // cpu0: +3 s user (of which 1 s guest), +1 s system, +5 s idle, +1 s iowait -> busy 4 of 10 s.
        // cpu1: 1 user + 1 system of 10; cpu2 idle throughout; cpu3: 7 user + 1 nice of 10.
        var percent = SysFixture.ReadSecondSample("CPUPercent", "sys-laptop");
        Assert.Equal(new Dictionary<string, double> { ["0"] = 40.0, ["1"] = 20.0, ["2"] = 0.0, ["3"] = 80.0 }, percent);
    }

    [Fact]
    public void CpuPercent_for_the_machine_is_one_scalar()
    {
        // All CPUs: 41 s of deltas minus 1 s guest = 40 s; busy = 40 - 25 idle - 1 iowait = 14 s -> 35 %.
        var percent = SysFixture.ReadSecondSample("CPUPercent", "sys-laptop", NotPerCpu);
        Assert.Equal(new Dictionary<string, double> { [""] = 35.0 }, percent);
    }

    [Fact]
    public void CpuPercent_handles_256_cpus()
    {
        // CPU n was busy (n % 101) ticks of the 100 it ran between the samples.
        var percent = SysFixture.ReadSecondSample("CPUPercent", "sys-256cpu");
        Assert.Equal(256, percent.Count);
        Assert.Equal(0.0, percent["0"]);
        Assert.Equal(100.0, percent["100"]);
        Assert.Equal(53.0, percent["255"]);
        // Machine-wide: (5050 + 5050 + 1431) ticks busy of 25600 -> 45.04... %.
        Assert.Equal(45.0, SysFixture.ReadSecondSample("CPUPercent", "sys-256cpu", NotPerCpu)[""]);
    }

    [Fact]
    public void CpuPercent_is_zero_when_no_time_passed()
    {
        // The container's two samples are identical: psutil reports 0.0 rather than dividing by zero.
        var percent = SysFixture.ReadSecondSample("CPUPercent", "sys-noswap-container");
        Assert.Equal(new Dictionary<string, double> { ["0"] = 0.0, ["1"] = 0.0 }, percent);
    }

    [Fact]
    public void CpuTimesPercent_is_each_field_share_of_the_interval()
    {
        // 40 s of CPU time between the samples: user 11 s, nice 1, system 2, idle 25, iowait 1, guest 1.
        var percent = SysFixture.ReadSecondSample("CPUTimesPercent", "sys-laptop");
        Assert.Equal(new Dictionary<string, double>
        {
            ["user"] = 27.5, ["nice"] = 2.5, ["system"] = 5.0, ["idle"] = 62.5, ["iowait"] = 2.5,
            ["irq"] = 0, ["softirq"] = 0, ["steal"] = 0, ["guest"] = 2.5, ["guest_nice"] = 0,
        }, percent);
    }

    [Fact]
    public void CpuTimesPercent_per_cpu_prefixes_the_cpu_index()
    {
        var percent = SysFixture.ReadSecondSample("CPUTimesPercent", "sys-laptop", PerCpu);
        Assert.Equal(40, percent.Count);
        // cpu0 over its 10 s: user 3, system 1, idle 5, iowait 1, guest 1.
        Assert.Equal(30.0, percent["0.user"]);
        Assert.Equal(50.0, percent["0.idle"]);
        Assert.Equal(10.0, percent["0.guest"]);
        Assert.Equal(100.0, percent["2.idle"]);
    }

    [Fact]
    public void CpuTimesPercent_of_an_old_kernel_has_only_its_fields()
    {
        // The machine ran 3 s between the samples: user 1, idle 1, steal 1.
        var percent = SysFixture.ReadSecondSample("CPUTimesPercent", "sys-oldkernel");
        Assert.Equal(33.3, percent["user"]);
        Assert.Equal(33.3, percent["steal"]);
        Assert.Equal(8, percent.Count);
    }

    [Fact]
    public void CpuTimesPercent_divides_by_at_least_one_second_like_psutil()
    {
        // Half a second of CPU time (0.25 user, 0.25 idle): psutil's divisor is max(1, 0.5), so user reads 25 %.
        using var tree = ScratchTree.Empty();
        tree.Write("proc/stat", "cpu  100 0 0 100 0 0 0 0 0 0\ncpu0 100 0 0 100 0 0 0 0 0 0\n");
        var sensor = SysFixture.Create("CPUTimesPercent", tree.Roots);
        Assert.Empty(sensor.Read());
        tree.Write("proc/stat", "cpu  125 0 0 125 0 0 0 0 0 0\ncpu0 125 0 0 125 0 0 0 0 0 0\n");
        var percent = SysFixture.ToDictionary(sensor.Read());
        Assert.Equal(25.0, percent["user"]);
        Assert.Equal(25.0, percent["idle"]);
    }

    [Fact]
    public void CpuStats_are_the_counters_of_proc_stat()
    {
        var stats = SysFixture.Read("CPUStats", "sys-laptop");
        Assert.Equal(new Dictionary<string, double>
        {
            ["ctx_switches"] = 987654321, ["interrupts"] = 123456789, ["soft_interrupts"] = 55555555, ["syscalls"] = 0,
        }, stats);
    }

    [Theory]
    [InlineData("sys-laptop", "true", 4)]           // online "0-3"
    [InlineData("sys-laptop", "false", 2)]          // core_cpus_list "0-1" and "2-3"
    [InlineData("sys-256cpu", "true", 256)]         // online "0-255"
    [InlineData("sys-256cpu", "false", 128)]        // two threads per core
    [InlineData("sys-oldkernel", "false", 1)]       // thread_siblings_list only, "0-1" on both
    [InlineData("sys-noswap-container", "true", 2)] // no sysfs: the cpuN lines of /proc/stat, as glibc counts
    public void CpuCount_counts_like_psutil(string shape, string logical, int expected) =>
        Assert.Equal(new Dictionary<string, double> { [""] = expected }, SysFixture.Read("CPUCount", shape, ("logical", logical)));

    [Fact]
    public void CpuCount_of_cores_reports_nothing_when_undetermined() =>
        // No sysfs topology and no "physical id" in the container: psutil returns None.
        Assert.Empty(SysFixture.Read("CPUCount", "sys-noswap-container", ("logical", "false")));

    [Fact]
    public void CpuFreq_takes_cpuinfo_mhz_when_it_lines_up_with_the_policies()
    {
        // Four policies and four "cpu MHz" lines: current comes from cpuinfo, not scaling_cur_freq (1111111 kHz).
        var freq = SysFixture.Read("CPUFreq", "sys-laptop", PerCpu);
        Assert.Equal(12, freq.Count);
        Assert.Equal(2400.0, freq["0.current"]);
        Assert.Equal(1800.5, freq["1.current"]);
        Assert.Equal(800.125, freq["3.current"]);
        Assert.Equal(400.0, freq["3.min"]);
        Assert.Equal(3600.0, freq["3.max"]);
    }

    [Fact]
    public void CpuFreq_for_the_machine_averages_the_cpus()
    {
        // (2400 + 1800.5 + 3100.25 + 800.125) / 4; max (4200 * 2 + 3600 * 2) / 4.
        var freq = SysFixture.Read("CPUFreq", "sys-laptop");
        Assert.Equal(new Dictionary<string, double> { ["current"] = 2025.21875, ["min"] = 400, ["max"] = 3900 }, freq);
    }

    [Fact]
    public void CpuFreq_reads_policies_in_numeric_order_and_falls_back_to_cpuinfo_cur_freq()
    {
        // policy0, policy64, policy128, policy192 (not the lexical 0, 128, 192, 64); policy192 has only cpuinfo_cur_freq.
        var freq = SysFixture.Read("CPUFreq", "sys-256cpu", PerCpu);
        Assert.Equal([2000.0, 2100.0, 2200.0, 2300.0], Enumerable.Range(0, 4).Select(i => freq[$"{i}.current"]));
        Assert.Equal(1000.0, freq["2.min"]);
        Assert.Equal(3000.0, freq["2.max"]);
    }

    [Fact]
    public void CpuFreq_reads_the_per_cpu_cpufreq_layout_of_old_kernels()
    {
        // cpu0/cpufreq and cpu1/cpufreq; one "cpu MHz" line for two CPUs, so the sysfs files count.
        var freq = SysFixture.Read("CPUFreq", "sys-oldkernel", PerCpu);
        Assert.Equal(1500.0, freq["0.current"]);
        Assert.Equal(1750.0, freq["1.current"]);
        Assert.Equal(800.0, freq["1.min"]);
        Assert.Equal(2000.0, freq["1.max"]);
    }

    [Fact]
    public void CpuFreq_without_cpufreq_takes_cpuinfo_with_zero_min_and_max()
    {
        using var tree = ScratchTree.CopyOf("sys-laptop");
        System.IO.Directory.Delete(tree.PathOf("sys/devices/system/cpu/cpufreq"), recursive: true);
        var freq = SysFixture.ToDictionary(SysFixture.Create("CPUFreq", tree.Roots, PerCpu).Read());
        Assert.Equal(3100.25, freq["2.current"]);
        Assert.Equal(0.0, freq["2.min"]);
        Assert.Equal(0.0, freq["2.max"]);
    }

    [Fact]
    public void CpuFreq_reports_nothing_without_cpufreq_or_cpu_mhz() =>
        Assert.Empty(SysFixture.Read("CPUFreq", "sys-noswap-container"));
}
