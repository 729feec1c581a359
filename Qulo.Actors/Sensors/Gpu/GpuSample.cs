using Qulo.Actors.Metrics;

namespace Qulo.Actors.Sensors.Gpu;

/// <summary>The names of a GPU's readings, the same whichever source gave them.</summary>
internal static class GpuField
{
    public const string UtilizationGpu = "utilization_gpu";       // percent of time a kernel ran
    public const string UtilizationMemory = "utilization_memory"; // percent of time memory was read or written
    public const string MemoryUsed = "memory_used";               // bytes
    public const string MemoryTotal = "memory_total";             // bytes
    public const string Temperature = "temperature";              // degrees Celsius, GPU die
    public const string PowerDraw = "power_draw";                 // watts
    public const string PowerLimit = "power_limit";               // watts, the enforced limit
    public const string ClockSm = "clock_sm";                     // MHz
    public const string ClockMemory = "clock_mem";                // MHz
    public const string FanSpeed = "fan_speed";                   // percent of the fan's maximum
    public const string EccCorrected = "ecc_corrected";           // volatile (since driver load) corrected errors
    public const string EccUncorrected = "ecc_uncorrected";       // volatile uncorrected errors
    public const string Processes = "processes";                  // compute processes (NVML only)
    public const string Error = "error";                          // 1 when the GPU could not be read

    public static readonly IReadOnlyList<string> All =
    [
        UtilizationGpu, UtilizationMemory, MemoryUsed, MemoryTotal, Temperature, PowerDraw, PowerLimit,
        ClockSm, ClockMemory, FanSpeed, EccCorrected, EccUncorrected, Processes, Error,
    ];
}

/// <summary>
/// One GPU's readings (field name to value, fields the card does not support left out), or the reason
/// it could not be read (fallen off the bus, handle lost) when <see cref="Failure"/> is set.
/// </summary>
internal sealed record GpuSample(int Index, IReadOnlyList<Reading> Values, string? Failure = null);

/// <summary>All GPUs of the node, or why the node has none to report (no driver, no device).</summary>
internal sealed record GpuSurvey(IReadOnlyList<GpuSample> Gpus, string? Absence)
{
    public static GpuSurvey Of(IReadOnlyList<GpuSample> gpus) => new(gpus, null);

    public static GpuSurvey Absent(string reason) => new([], reason);
}

/// <summary>Where GPU readings come from: NVML in-process, or nvidia-smi's CSV when NVML cannot be loaded.</summary>
internal interface IGpuSource
{
    /// <exception cref="SensorException">The source answered with something it should not (garbage, an unexpected failure).</exception>
    GpuSurvey Sample();
}
