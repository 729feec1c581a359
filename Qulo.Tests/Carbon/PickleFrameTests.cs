using Qulo.Actors.Carbon;
using Qulo.Actors.Metrics;
using Xunit;

namespace Qulo.Tests.Carbon;

public class PickleFrameTests
{
    private static readonly Metric[] Awkward =
    [
        new("node1.CPUPercent.0", 1_764_000_000, 12.5),
        new("node1.VirtualMemory.percent", 1_764_000_000.25, 0),
        new("node1.NetIOCounters.eth0.bytes_sent", 1_764_000_001, 1.2345678901234567e15),
        new("n\u00e9ud-2.Sensors_Temperatures.coretemp.Package_id_0", 1_764_000_002, -273.15),
        new("node1.CPUCount", 0, double.Epsilon),
    ];

    [Fact]
    public void CPythonUnpicklesEveryPointExactly()
    {
        var (bytes, result) = MetricListSource.EncodeAll(Awkward, new FrameLimits(500, 1 << 20));

        var frames = CPythonFrameReader.Read(bytes);

        Assert.Equal(1, result.Frames);
        Assert.Equal(Awkward.Length, result.Points);
        var frame = Assert.Single(frames);
        Assert.Equal(bytes.Length - 4, frame.PickleBytes);
        Assert.Equal(Awkward, frame.Points);
    }

    [Fact]
    public void FramesSplitUnderBothLimitsAndKeepOrder()
    {
        var metrics = Enumerable.Range(0, 1000)
            .Select(i => new Metric($"host{i % 13}.Sensor{new string('x', i % 40)}.{i}", 1_764_000_000 + i, i * 0.5))
            .ToArray();
        var limits = new FrameLimits(MaxPoints: 37, MaxBytes: 1500);

        var (bytes, result) = MetricListSource.EncodeAll(metrics, limits);
        var frames = CPythonFrameReader.Read(bytes);

        Assert.Equal(metrics, frames.SelectMany(f => f.Points));
        Assert.Equal(result.Frames, frames.Count);
        Assert.All(frames, f => Assert.InRange(f.PickleBytes + 4, 1, limits.MaxBytes));
        Assert.All(frames, f => Assert.InRange(f.Points.Count, 1, limits.MaxPoints));
        // Greedy: a frame closed early only because the next point would not have fitted.
        var consumed = 0;
        foreach (var frame in frames.SkipLast(1))
        {
            consumed += frame.Points.Count;
            var nextPointBytes = PickleFrameWriter.PointBytes(System.Text.Encoding.UTF8.GetByteCount(metrics[consumed].Path));
            Assert.True(frame.Points.Count == limits.MaxPoints || frame.PickleBytes + 4 + nextPointBytes > limits.MaxBytes,
                $"frame of {frame.Points.Count} points, {frame.PickleBytes} bytes closed with room left");
        }
    }

    [Fact]
    public void PointsThatFitNoFrameAreSkippedAndCounted()
    {
        Metric[] metrics = [new("a.ok", 1, 1), new("b." + new string('y', 200), 2, 2), new("c.ok", 3, 3)];

        var (bytes, result) = MetricListSource.EncodeAll(metrics, new FrameLimits(500, 120));

        Assert.Equal(1, result.Oversized);
        Assert.Equal(3, result.Next);
        Assert.Equal([metrics[0], metrics[2]], CPythonFrameReader.Read(bytes).SelectMany(f => f.Points));
    }

    [Fact]
    public void EncodingStopsAtTheTargetSizeOnAFrameBoundary()
    {
        var metrics = Enumerable.Range(0, 100).Select(i => new Metric($"h.S.{i}", i, i)).ToArray();
        var writer = new PickleFrameWriter();

        var first = FrameEncoder.Encode(new MetricListSource(metrics), 0, metrics.Length, new FrameLimits(10, 1 << 20), writer, targetBytes: 1);
        var firstBytes = writer.Written.ToArray();
        writer.Clear();
        var rest = FrameEncoder.Encode(new MetricListSource(metrics), first.Next, metrics.Length, new FrameLimits(10, 1 << 20), writer, int.MaxValue);

        Assert.Equal(1, first.Frames);
        Assert.Equal(10, first.Next);
        Assert.Equal(9, rest.Frames);
        Assert.Equal(metrics, CPythonFrameReader.Read([.. firstBytes, .. writer.Written.ToArray()]).SelectMany(f => f.Points));
    }
}
