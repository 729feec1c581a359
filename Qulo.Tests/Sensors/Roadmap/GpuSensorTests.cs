using Qulo.Actors.Sensors;
using Qulo.Actors.Sensors.Gpu;
using Qulo.Tests.Sensors.SystemSensors;
using Xunit;

namespace Qulo.Tests.Sensors.Roadmap;

/// <summary>
/// The GPU sensor over recorded nvidia-smi runs, replayed by a real process (this machine has no GPU, so NVML,
/// the first choice on a GPU node, is not exercised here). Memory is MiB in the CSV and bytes in the readings.
/// </summary>
public class GpuSensorTests
{
    private static IReadOnlyDictionary<string, double> Read(FakeCommand nvidiaSmi) =>
        SysFixture.ToDictionary(Sensor(nvidiaSmi.Program).Read());

    private static ISensor Sensor(string program) =>
        SysFixture.Create("GPU", FileSystemRoots.Live, ("source", "nvidia-smi"), ("nvidia_smi", program));

    [Fact]
    public void Four_H100s_report_every_supported_field_per_index()
    {
        using var nvidiaSmi = new FakeCommand("nvidia-smi", "road-gpu", "h100-sxm");

        var r = Read(nvidiaSmi);

        Assert.Equal(new Dictionary<string, double>
        {
            ["1.utilization_gpu"] = 98, ["1.utilization_memory"] = 43,
            ["1.memory_used"] = 74_697_408_512, ["1.memory_total"] = 85_520_809_984, // 71237 and 81559 MiB
            ["1.temperature"] = 66, ["1.power_draw"] = 612.40, ["1.power_limit"] = 700,
            ["1.clock_sm"] = 1980, ["1.clock_mem"] = 2619,
            ["1.ecc_corrected"] = 2, ["1.ecc_uncorrected"] = 0, ["1.error"] = 0,
        }, r.Where(kv => kv.Key.StartsWith("1.", StringComparison.Ordinal)).ToDictionary());
        Assert.Equal(1_048_576, r["3.memory_used"]); // 1 MiB on the idle GPU
        Assert.Equal(71.24, r["3.power_draw"]);
        Assert.Equal(345, r["3.clock_sm"]);
        Assert.DoesNotContain(r.Keys, k => k.EndsWith(".fan_speed", StringComparison.Ordinal)); // SXM: [N/A]
        Assert.DoesNotContain(r.Keys, k => k.EndsWith(".processes", StringComparison.Ordinal)); // nvidia-smi cannot count them
        Assert.Equal(4 * 12, r.Count);
    }

    [Fact]
    public void Nvidia_smi_is_asked_for_the_documented_columns_without_header_or_units()
    {
        using var nvidiaSmi = new FakeCommand("nvidia-smi", "road-gpu", "h100-sxm");

        Read(nvidiaSmi);

        Assert.Equal(
            [
                "--query-gpu=index,utilization.gpu,utilization.memory,memory.used,memory.total,temperature.gpu,power.draw,power.limit,"
                + "clocks.sm,clocks.mem,fan.speed,ecc.errors.corrected.volatile.total,ecc.errors.uncorrected.volatile.total",
                "--format=csv,noheader,nounits",
            ],
            nvidiaSmi.Arguments);
    }

    [Fact]
    public void Not_available_and_not_supported_fields_are_left_out()
    {
        using var nvidiaSmi = new FakeCommand("nvidia-smi", "road-gpu", "a100-pcie-mig");

        var r = Read(nvidiaSmi);

        // GPU 0 is in MIG mode: no utilisation; neither card has a fan ([Not Supported]).
        Assert.False(r.ContainsKey("0.utilization_gpu"));
        Assert.False(r.ContainsKey("0.utilization_memory"));
        Assert.Equal(20_669_530_112, r["0.memory_used"]); // 19712 MiB
        Assert.Equal(42_949_672_960, r["0.memory_total"]); // 40960 MiB
        Assert.Equal(88.51, r["0.power_draw"]);
        Assert.Equal(63, r["1.utilization_gpu"]);
        Assert.Equal(250, r["1.power_limit"]);
        Assert.Equal(1215, r["1.clock_mem"]);
        Assert.DoesNotContain(r.Keys, k => k.EndsWith(".fan_speed", StringComparison.Ordinal));
        Assert.Equal(0, r["0.error"]);
        Assert.Equal(10 + 12, r.Count); // with error, and less the missing fields
    }

    [Fact]
    public void A_lost_GPU_and_one_needing_a_reset_are_flagged_while_the_others_are_reported()
    {
        using var nvidiaSmi = new FakeCommand("nvidia-smi", "road-gpu", "h200-lost");

        var r = Read(nvidiaSmi);

        // nvidia-smi exits 15; GPU 2 has no row, only the line naming its PCI address, so it is the missing index.
        Assert.Equal(1, r["1.error"]);
        Assert.Equal(1, r["2.error"]);
        Assert.DoesNotContain(r.Keys, k => k.StartsWith("1.", StringComparison.Ordinal) && k != "1.error");
        Assert.DoesNotContain(r.Keys, k => k.StartsWith("2.", StringComparison.Ordinal) && k != "2.error");
        Assert.Equal(0, r["0.error"]);
        Assert.Equal(0, r["3.error"]);
        Assert.Equal(150_754_820_096, r["0.memory_total"]); // 143771 MiB, an H200
        Assert.Equal(126_283_153_408, r["3.memory_used"]);  // 120433 MiB
        Assert.Equal(671.25, r["3.power_draw"]);
        Assert.Equal(3201, r["0.clock_mem"]);
        Assert.Equal(2 * 12 + 2, r.Count);
    }

    [Theory]
    [InlineData("no-devices")]
    [InlineData("no-driver")]
    public void A_node_without_GPU_or_driver_reports_nothing(string scenario)
    {
        using var nvidiaSmi = new FakeCommand("nvidia-smi", "road-gpu", scenario);
        var sensor = Sensor(nvidiaSmi.Program);

        Assert.Empty(sensor.Read());
        Assert.Empty(sensor.Read()); // and again, without complaint
    }

    [Fact]
    public void A_node_without_nvidia_smi_reports_nothing()
    {
        Assert.Empty(Sensor(FakeCommand.Missing("nvidia-smi")).Read());
    }

    [Fact]
    public void NVML_reports_every_GPU_of_a_machine_with_the_driver_and_nothing_without()
    {
        var readings = SysFixture.ToDictionary(SysFixture.Create("GPU", FileSystemRoots.Live, ("source", "nvml")).Read());

        if (File.Exists("/proc/driver/nvidia/version"))
            Assert.Equal(0, readings["0.error"]); // a GPU node (the build machines have none)
        else
            Assert.Empty(readings);
    }

    [Theory]
    [InlineData("short-row", "12 columns, expected 13")]
    [InlineData("garbage-cell", "temperature.gpu 'hot' is not a number")]
    public void Garbage_from_nvidia_smi_is_an_error_naming_the_program_and_the_line(string scenario, string problem)
    {
        using var nvidiaSmi = new FakeCommand("nvidia-smi", "road-gpu", scenario);

        var e = Assert.Throws<SensorException>(() => Sensor(nvidiaSmi.Program).Read());

        Assert.Contains($"malformed {nvidiaSmi.Program} output '0, 97, 41,", e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void Any_other_nvidia_smi_failure_is_an_error_with_its_message()
    {
        // A driver too old for one of the queried fields refuses the whole query with exit code 2.
        using var nvidiaSmi = new FakeCommand("nvidia-smi", "road-gpu", "old-driver");

        var e = Assert.Throws<SensorException>(() => Sensor(nvidiaSmi.Program).Read());

        Assert.Equal($"{nvidiaSmi.Program} exited with code 2: Field \"clocks.mem\" is not a valid field to query.", e.Message);
    }

    [Fact]
    public void A_hung_nvidia_smi_is_killed_and_reported_after_the_timeout()
    {
        using var nvidiaSmi = new FakeCommand("nvidia-smi", "road-gpu", "hung");
        var sensor = SysFixture.Create("GPU", FileSystemRoots.Live, ("source", "nvidia-smi"), ("nvidia_smi", nvidiaSmi.Program), ("timeout", "1"));

        var e = Assert.Throws<SensorException>(sensor.Read);

        Assert.Contains($"{nvidiaSmi.Program} --query-gpu=", e.Message);
        Assert.EndsWith("did not finish within 1 s", e.Message);
    }

    [Fact]
    public void Options_default_to_NVML_then_nvidia_smi_on_PATH()
    {
        Assert.Equal("auto", GpuSensor.Info.Options.Single(o => o.Name == "source").Default);
        Assert.Equal("nvidia-smi", GpuSensor.Info.Options.Single(o => o.Name == "nvidia_smi").Default);
    }
}
