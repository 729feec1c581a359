using Qulo.Tests.Support;
using Xunit;

namespace Qulo.Tests.Sensors.SystemSensors;

/// <summary>
/// Our sensors and psutil itself over the same fixture files (psutil.PROCFS_PATH points psutil at them), so the
/// values must be equal to the last bit: psutil's formulas, rounding and fallbacks, on every fixture shape.
/// </summary>
[Trait(Category.Name, Category.EndToEnd)]
public class FixturePsutilParityTests
{
    public static TheoryData<string> Shapes => new() { "sys-vm2cpu", "sys-laptop", "sys-256cpu", "sys-noswap-container", "sys-oldkernel" };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void VirtualMemory_equals_psutil(string shape) =>
        Assert.Equal(Psutil("psutil.virtual_memory()", shape), SysFixture.Read("VirtualMemory", shape));

    [Theory]
    [MemberData(nameof(Shapes))]
    public void SwapMemory_equals_psutil(string shape)
    {
        var ours = SysFixture.Read("SwapMemory", shape);
        var psutil = Psutil("psutil.swap_memory()", shape);
        if (psutil["total"] == 0)
        {
            Assert.Empty(ours); // no swap: nothing to report
            return;
        }
        // Without /proc/vmstat psutil makes sin/sout 0 with a warning; we leave them out.
        var hasVmstat = File.Exists(Path.Combine(SysFixture.Roots(shape).Proc, "vmstat"));
        Assert.Equal(hasVmstat ? psutil : psutil.Where(p => p.Key is not ("sin" or "sout")).ToDictionary(), ours);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void CpuTimes_equal_psutil(string shape)
    {
        Assert.Equal(Psutil("psutil.cpu_times()", shape), SysFixture.Read("CPUTimes", shape));
        Assert.Equal(Psutil("psutil.cpu_times(percpu=True)", shape), SysFixture.Read("CPUTimes", shape, ("percpu", "true")));
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void CpuStats_and_BootTime_equal_psutil(string shape)
    {
        Assert.Equal(Psutil("psutil.cpu_stats()", shape), SysFixture.Read("CPUStats", shape));
        Assert.Equal(Psutil("psutil.boot_time()", shape), SysFixture.Read("BootTime", shape));
    }

    [Theory]
    [MemberData(nameof(TwoSampleCases))]
    public void Cpu_percentages_equal_psutil_over_the_same_two_samples(string shape, string sensor, string function, bool perCpu)
    {
        var directory = SysFixture.Directory(shape);
        var psutil = PsutilReference.OverTwoSamples(
            Path.Combine(directory, "proc"), Path.Combine(directory, "proc-later"), function, perCpu);
        Assert.Equal(psutil, SysFixture.ReadSecondSample(sensor, shape, ("percpu", perCpu ? "true" : "false")));
    }

    public static TheoryData<string, string, string, bool> TwoSampleCases()
    {
        var cases = new TheoryData<string, string, string, bool>();
        foreach (var shape in Shapes)
        foreach (var perCpu in new[] { true, false })
        {
            cases.Add(shape, "CPUPercent", "cpu_percent", perCpu);
            cases.Add(shape, "CPUTimesPercent", "cpu_times_percent", perCpu);
        }
        return cases;
    }

    [Fact]
    public void Users_equal_psutil_over_the_same_utmp()
    {
        // utmpname() points glibc's getutent(), which psutil.users() calls, at the fixture.
        var utmp = SysFixture.Roots("sys-laptop").Utmp;
        var names = Support.Psutil.Evaluate("[u.name for u in psutil.users()]",
            setup: $"import ctypes\nctypes.CDLL(None).utmpname({PsutilReference.PythonString(utmp)}.encode())")
            .EnumerateArray().Select(n => n.GetString()!).ToList();
        var expected = new Dictionary<string, double> { ["count"] = names.Count };
        foreach (var group in names.GroupBy(Qulo.Actors.Metrics.MetricPath.Sanitize))
            expected[group.Key + ".sessions"] = group.Count();
        Assert.Equal(5, names.Count);
        Assert.Equal(expected, SysFixture.Read("Users", "sys-laptop"));
    }

    private static IReadOnlyDictionary<string, double> Psutil(string expression, string shape) =>
        PsutilReference.OverProc(SysFixture.Roots(shape).Proc, expression);
}
