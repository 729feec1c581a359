using System.Text;
using Qulo.Actors.Carbon;
using Qulo.Actors.Metrics;

namespace Qulo.Tests.Carbon;

/// <summary>A list of metrics as a frame source, for encoding known input.</summary>
internal readonly struct MetricListSource(IReadOnlyList<Metric> metrics) : IDatapointSource
{
    public ReadOnlySpan<byte> PathUtf8(long position) => Encoding.UTF8.GetBytes(metrics[(int)position].Path);
    public double Timestamp(long position) => metrics[(int)position].Timestamp;
    public double Value(long position) => metrics[(int)position].Value;

    /// <summary>Encodes all metrics into frames; returns the frame bytes and what the encoder reported.</summary>
    public static (byte[] Bytes, EncodeResult Result) EncodeAll(IReadOnlyList<Metric> metrics, FrameLimits limits)
    {
        var writer = new PickleFrameWriter();
        var result = FrameEncoder.Encode(new MetricListSource(metrics), 0, metrics.Count, limits, writer, int.MaxValue);
        return (writer.Written.ToArray(), result);
    }
}
