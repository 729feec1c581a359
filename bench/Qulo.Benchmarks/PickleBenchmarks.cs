using BenchmarkDotNet.Attributes;
using Qulo.Actors.Carbon;

namespace Qulo.Benchmarks;

/// <summary>
/// The master's carbon side per datapoint, on <see cref="PickleBatches"/> (20 frames of 500 points):
/// <see cref="EncodeFrames"/> is what CarbonConnection does for each write (frames from the buffer),
/// <see cref="BufferAndEncode"/> adds buffering every point first (path interning included).
/// bench/pickle.sh compares them with CPython's pickle.dumps(batch, protocol=2) on the same batches.
/// </summary>
// In process: no generated project to build on the shared machine; the default job's statistics.
[InProcess, MemoryDiagnoser, JsonExporterAttribute.Full]
public class PickleBenchmarks
{
    /// <summary>When set, the encoded frames are written to this file so the CPython script can check them.</summary>
    public const string FramesFileVariable = "QULO_BENCH_FRAMES_FILE";

    private const int Points = PickleBatches.BatchSize * PickleBatches.BatchCount;
    private static readonly FrameLimits Limits = new(PickleBatches.BatchSize, 1_048_576);

    private readonly PickleFrameWriter _writer = new(4 * 1024 * 1024);
    private Actors.Metrics.Metric[][] _batches = [];
    private DatapointBuffer _filled = null!;
    private DatapointBuffer _scratch = null!;

    [GlobalSetup]
    public void Fill()
    {
        _batches = PickleBatches.All();
        _filled = new DatapointBuffer(Points);
        _scratch = new DatapointBuffer(Points);
        foreach (var batch in _batches)
            foreach (var m in batch) _filled.Add(m.Path, m.Timestamp, m.Value);
        if (Environment.GetEnvironmentVariable(FramesFileVariable) is { Length: > 0 } file)
        {
            EncodeFrames();
            File.WriteAllBytes(file, _writer.Written.ToArray());
        }
    }

    [Benchmark(OperationsPerInvoke = Points)]
    public int EncodeFrames()
    {
        _writer.Clear();
        return FrameEncoder.Encode(_filled.View, 0, Points, Limits, _writer, int.MaxValue).Points;
    }

    [Benchmark(OperationsPerInvoke = Points)]
    public int BufferAndEncode()
    {
        var start = _scratch.Tail;
        foreach (var batch in _batches)
            foreach (var m in batch) _scratch.Add(m.Path, m.Timestamp, m.Value);
        _writer.Clear();
        var encoded = FrameEncoder.Encode(_scratch.View, start, _scratch.Tail, Limits, _writer, int.MaxValue);
        _scratch.MarkSent(encoded.Next);
        _scratch.Forget(encoded.Next);
        return encoded.Points;
    }
}
