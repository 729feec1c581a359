using System.Buffers.Binary;
using System.Collections;
using Qulo.Actors.Metrics;
using Razorvine.Pickle;

namespace Qulo.Tests.Support.Graphite;

/// <summary>Reads carbon pickle frames (4-byte big-endian length + pickle) from a stream, as carbon's receiver does.</summary>
public static class PickleFrameDecoder
{
    /// <summary>The next frame's datapoints, or null at a clean end of stream.</summary>
    /// <exception cref="EndOfStreamException">The stream ended inside a frame (the sender went away mid-write).</exception>
    /// <exception cref="InvalidDataException">A frame that is not a list of (path, (timestamp, value)).</exception>
    public static async Task<IReadOnlyList<Metric>?> ReadFrameAsync(Stream stream, int maxFrameBytes, CancellationToken cancellationToken)
    {
        var prefix = new byte[4];
        if (!await ReadExactlyOrEndAsync(stream, prefix, cancellationToken)) return null;
        var length = BinaryPrimitives.ReadInt32BigEndian(prefix);
        if (length <= 0 || length > maxFrameBytes) throw new InvalidDataException($"frame length {length} outside 1..{maxFrameBytes}");
        var payload = new byte[length];
        if (!await ReadExactlyOrEndAsync(stream, payload, cancellationToken)) throw new EndOfStreamException($"stream ended inside a {length}-byte frame");
        return Decode(payload);
    }

    public static IReadOnlyList<Metric> Decode(byte[] pickle)
    {
        using var unpickler = new Unpickler();
        if (unpickler.loads(pickle) is not IList points) throw new InvalidDataException("a frame's pickle is not a list");
        var metrics = new List<Metric>(points.Count);
        foreach (var point in points)
        {
            if (point is not object[] { Length: 2 } pair || pair[0] is not string path || pair[1] is not object[] { Length: 2 } datapoint
                || datapoint[0] is not double timestamp || datapoint[1] is not double value)
                throw new InvalidDataException($"a frame holds {point} instead of (path, (timestamp, value))");
            metrics.Add(new Metric(path, timestamp, value));
        }
        return metrics;
    }

    private static async Task<bool> ReadExactlyOrEndAsync(Stream stream, byte[] buffer, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken);
            if (n == 0)
            {
                if (read == 0) return false;
                throw new EndOfStreamException($"stream ended after {read} of {buffer.Length} bytes");
            }
            read += n;
        }
        return true;
    }
}
