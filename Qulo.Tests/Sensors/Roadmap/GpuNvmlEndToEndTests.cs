using System.Globalization;
using Qulo.Tests.Support;
using Xunit;

namespace Qulo.Tests.Sensors.Roadmap;

/// <summary>
/// The NVML path end to end on a machine without GPU: `qagent test GPU` run with LD_LIBRARY_PATH pointing at
/// Fixtures/road-gpu/fake-nvml.c built into a libnvidia-ml.so.1, so the agent's P/Invoke declarations, structure
/// layouts and unit conversions meet C code with NVML's signatures. (A GPU node's real NVML is not exercised.)
/// </summary>
[Trait(Category.Name, Category.EndToEnd)]
public class GpuNvmlEndToEndTests
{
    [Fact]
    public void Qagent_reads_each_GPU_through_NVML_and_flags_the_lost_and_the_unreachable_ones()
    {
        using var library = new TempDirectory("qulo-fake-nvml");
        ToolProcess.Output(ToolProcess.StartInfo("gcc",
            ["-shared", "-fPIC", "-Wall", "-Werror", "-o", library.File("libnvidia-ml.so.1"), FixturePath.Of("road-gpu", "fake-nvml.c")]));

        var start = Executables.StartInfo("qagent", ["test", "GPU"]);
        start.Environment["LD_LIBRARY_PATH"] = library.Path;
        var output = ToolProcess.Output(start);

        var readings = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' '))
            .ToDictionary(f => f[0][(f[0].IndexOf(".GPU.", StringComparison.Ordinal) + ".GPU.".Length)..], f => double.Parse(f[1], CultureInfo.InvariantCulture));
        Assert.Equal(new Dictionary<string, double>
        {
            ["0.utilization_gpu"] = 97, ["0.utilization_memory"] = 41,
            ["0.memory_used"] = 74_695_311_360, ["0.memory_total"] = 85_520_809_984, // bytes; used from the _v2 call, without the driver's reserve
            ["0.temperature"] = 62,
            ["0.power_draw"] = 598.12, ["0.power_limit"] = 700, // NVML's milliwatts in watts
            ["0.clock_sm"] = 1980, ["0.clock_mem"] = 2619,
            ["0.ecc_corrected"] = 2, ["0.ecc_uncorrected"] = 0,
            ["0.processes"] = 3, // the count NVML returns with INSUFFICIENT_SIZE
            ["0.error"] = 0,     // fan speed: NOT_SUPPORTED, left out
            ["1.error"] = 1,     // GPU_IS_LOST from its queries
            ["2.error"] = 1,     // no handle
        }, readings);
    }
}
