using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;
using Qulo.Actors.Metrics;
using Qulo.Actors.Sensors;

namespace Qulo.Benchmarks;

/// <summary>
/// One sample of every registered sensor on this machine, with its default options: what a qagent tick costs.
/// bench/sensors.sh compares it with psutil's same calls (bench/psutil_sensors.py).
/// </summary>
[Config(typeof(ShortInProcess))]
public class SensorBenchmarks
{
    /// <summary>
    /// ShortRun's single launch with 10 warm-ups and 15 iterations of 100 ms (instead of 3 and 3 of 500 ms): about as
    /// short, but on a loaded machine the fastest of many short iterations reflects the sensor rather than its
    /// neighbours. (Tiered JIT is off in the project, so no sensor is measured before its code is optimised.)
    /// In process: no per-run build of a generated project.
    /// </summary>
    internal sealed class ShortInProcess : ManualConfig
    {
        public ShortInProcess()
        {
            AddJob(Job.ShortRun
                .WithWarmupCount(10)
                .WithIterationCount(15)
                .WithIterationTime(TimeInterval.FromMilliseconds(100))
                .WithToolchain(InProcessEmitToolchain.Instance));
            AddDiagnoser(MemoryDiagnoser.Default);
            AddExporter(JsonExporter.Full);
        }
    }

    private ISensor _sensor = null!;

    [ParamsSource(nameof(Sensors))]
    public string Sensor { get; set; } = "";

    /// <summary>Every registered sensor, or those named in QULO_BENCH_SENSORS (comma-separated) for one run each.</summary>
    public static IEnumerable<string> Sensors =>
        Environment.GetEnvironmentVariable(SensorsVariable) is { Length: > 0 } names
            ? names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : SensorRegistry.Names;

    public const string SensorsVariable = "QULO_BENCH_SENSORS";

    [GlobalSetup]
    public void CreateSensor()
    {
        var info = SensorRegistry.Get(Sensor);
        _sensor = info.Create(new SensorContext(FileSystemRoots.Live, SensorOptions.Defaults(info)));
        // A rate sensor's first call only stores its baseline; measure the steady state.
        if (_sensor.NeedsTwoSamples) _sensor.Read();
    }

    [Benchmark]
    public IReadOnlyList<Reading> Read() => _sensor.Read();
}
