namespace Qulo.Actors.Carbon;

/// <summary>How points are cut into frames: at most <paramref name="MaxPoints"/> points and
/// <paramref name="MaxBytes"/> bytes (length prefix included) per frame.</summary>
internal readonly record struct FrameLimits(int MaxPoints, int MaxBytes)
{
    /// <summary>True when a point with this path can never fit a frame; it is skipped and counted.</summary>
    public bool IsOversized(int pathUtf8Length) =>
        PickleFrameWriter.FrameOverheadBytes + PickleFrameWriter.PointBytes(pathUtf8Length) > MaxBytes;
}

/// <summary>What one <see cref="FrameEncoder.Encode{TSource}"/> call did.</summary>
/// <param name="Next">First position not consumed.</param>
/// <param name="Frames">Whole frames written.</param>
/// <param name="Points">Points written into those frames.</param>
/// <param name="Oversized">Points skipped because no frame can hold them.</param>
internal readonly record struct EncodeResult(long Next, int Frames, int Points, int Oversized);

internal static class FrameEncoder
{
    /// <summary>
    /// Encodes points [start, end) of <paramref name="source"/> as whole frames appended to
    /// <paramref name="writer"/>, stopping once the writer holds at least <paramref name="targetBytes"/>.
    /// </summary>
    public static EncodeResult Encode<TSource>(TSource source, long start, long end, FrameLimits limits,
        PickleFrameWriter writer, int targetBytes) where TSource : IDatapointSource
    {
        var position = start;
        int frames = 0, points = 0, oversized = 0;
        while (position < end && writer.Length < targetBytes)
        {
            writer.BeginFrame();
            while (position < end && writer.PointsInOpenFrame < limits.MaxPoints)
            {
                var path = source.PathUtf8(position);
                if (limits.IsOversized(path.Length))
                {
                    oversized++;
                    position++;
                    continue;
                }
                if (writer.OpenFrameBytes + PickleFrameWriter.PointBytes(path.Length) > limits.MaxBytes) break;
                writer.Append(path, source.Timestamp(position), source.Value(position));
                position++;
            }
            points += writer.PointsInOpenFrame;
            if (writer.PointsInOpenFrame == 0)
            {
                // Only oversized points were left: no frame to send.
                writer.AbandonFrame();
                break;
            }
            writer.EndFrame();
            frames++;
        }
        return new EncodeResult(position, frames, points, oversized);
    }
}
