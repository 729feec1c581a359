using System.Globalization;
using Qulo.Actors.Metrics;
using Qulo.Actors.Sensors.Commands;
using Serilog;

namespace Qulo.Actors.Sensors.Gpu;

/// <summary>
/// NVIDIA GPUs, per index: utilisation, memory, temperature, power, clocks, fan, ECC errors, compute processes,
/// and error = 1 for a GPU that could not be read (the others are still reported). Read from NVML in-process,
/// or from nvidia-smi when libnvidia-ml.so.1 cannot be loaded. A node without GPU or driver reports nothing.
/// </summary>
public sealed class GpuSensor : IDescribedSensor
{
    private const string Name = "GPU";

    public static SensorInfo Info { get; } = new(
        Name,
        "NVIDIA GPUs per index (NVML, or nvidia-smi when NVML cannot be loaded): utilization_gpu and utilization_memory in percent, "
        + "memory_used and memory_total in bytes, temperature in Celsius, power_draw and power_limit in watts, clock_sm and clock_mem in MHz, "
        + "fan_speed in percent, volatile ECC error counts, compute processes (NVML only); error is 1 for a GPU that cannot be read. "
        + "Fields a card does not support are left out; a node without NVIDIA GPU reports nothing.",
        [
            SensorOption.Choice("source", "auto", "where readings come from: auto (NVML, else nvidia-smi), nvml or nvidia-smi", "auto", "nvml", "nvidia-smi"),
            new SensorOption("nvidia_smi", SensorOptionKind.String, "nvidia-smi", "the nvidia-smi program, a path or a name on PATH"),
            SensorOption.PositiveNumber("timeout", 10, "seconds to wait for nvidia-smi"),
        ],
        GpuField.All.Select(f => $"{Name}.<index>.{f}").ToList(),
        context => new GpuSensor(OpenSource(context.Options)));

    private readonly IGpuSource _source;
    private readonly AbsenceLog _absence = new(Name);

    internal GpuSensor(IGpuSource source) => _source = source;

    public IReadOnlyList<Reading> Read()
    {
        var survey = _source.Sample();
        if (survey.Absence is { } reason)
        {
            _absence.Say(reason);
            return [];
        }
        var readings = new List<Reading>();
        foreach (var gpu in survey.Gpus)
        {
            var index = gpu.Index.ToString(CultureInfo.InvariantCulture);
            readings.AddRange(gpu.Values.Select(v => new Reading(MetricPath.Join(index, v.Name), v.Value)));
            readings.Add(new Reading(MetricPath.Join(index, GpuField.Error), gpu.Failure is null ? 0 : 1));
            if (gpu.Failure is { } failure)
                Log.ForContext<GpuSensor>().Warning("{Sensor}: GPU {Index} cannot be read: {Failure}", Name, gpu.Index, failure);
        }
        return readings;
    }

    private static IGpuSource OpenSource(SensorOptions options)
    {
        var nvidiaSmi = new NvidiaSmiGpuSource(options.GetString("nvidia_smi"), TimeSpan.FromSeconds(options.GetPositiveNumber("timeout")));
        return options.GetString("source") switch
        {
            "nvidia-smi" => nvidiaSmi,
            "nvml" => NvmlGpuSource.TryOpen() ?? new MissingSource($"{NvmlGpuSource.Library} cannot be loaded"),
            _ => NvmlGpuSource.TryOpen() ?? nvidiaSmi,
        };
    }

    /// <summary>The source asked for is not on this node.</summary>
    private sealed class MissingSource(string reason) : IGpuSource
    {
        public GpuSurvey Sample() => GpuSurvey.Absent(reason);
    }
}
