namespace Qulo.Actors.Carbon;

/// <summary>
/// Counters of a CarbonSink (or one of its connections) since it started; <see cref="Buffered"/> is
/// the current number of points not yet written to carbon.
/// </summary>
/// <param name="Received">Datapoints received in MetricBatch messages (self-metrics not included).</param>
/// <param name="Sent">Datapoints written to carbon (a replay after a lost connection counts again).</param>
/// <param name="Buffered">Datapoints waiting to be written.</param>
/// <param name="Dropped">Datapoints lost: oldest dropped from a full buffer, or too long a path for any frame.</param>
/// <param name="Reconnects">Connections made again after one was lost or failed.</param>
/// <param name="Frames">Pickle frames written.</param>
public sealed record CarbonStats(long Received, long Sent, long Buffered, long Dropped, long Reconnects, long Frames)
{
    public static readonly CarbonStats Zero = new(0, 0, 0, 0, 0, 0);

    public CarbonStats Add(CarbonStats other) => new(
        Received + other.Received, Sent + other.Sent, Buffered + other.Buffered,
        Dropped + other.Dropped, Reconnects + other.Reconnects, Frames + other.Frames);
}
