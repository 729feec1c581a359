using System.Collections;
using System.Text;
using Qulo.Actors.Metrics;
using Razorvine.Pickle;

namespace Qulo.LoadGen;

/// <summary>
/// Checks what carbon would receive: reads every frame with <see cref="PickleFrameScanner"/>, and one in
/// <see cref="CrossCheckEvery"/> also with Razorvine.Pickle (an unpickler, as carbon's receiver uses) to
/// compare point by point; then checks for every simulated series (<see cref="SyntheticSeries"/>) that the
/// sequence numbers arrive without gaps, and measures latency from sample to arrival. Not thread-safe.
/// </summary>
internal sealed class SeriesVerifier : IPointSink
{
    /// <summary>Unpickling every frame made the receiver the slowest part of the run (about 540,000 datapoints/s).</summary>
    public const int CrossCheckEvery = 16;

    /// <summary>Longest path decoded on the stack; longer ones (none in the load run) take a string.</summary>
    private const int MaxStackPathChars = 512;

    private sealed class Series
    {
        public long Next;
        /// <summary>Missing ranges [From, To) seen so far; a late arrival fills its range in.</summary>
        public readonly List<(long From, long To)> Holes = [];
    }

    private readonly Dictionary<string, Series> _series = new(StringComparer.Ordinal);
    private readonly Dictionary<long, long> _perSecond = [];
    private readonly Dictionary<string, double> _latestOther = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Series>.AlternateLookup<ReadOnlySpan<char>> _seriesByChars;
    private double _arrival;
    private long _framePoints;
    /// <summary>The frame's points as the scanner read them, kept only for a frame that is cross-checked.</summary>
    private List<Metric>? _scanned;

    public SeriesVerifier() => _seriesByChars = _series.GetAlternateLookup<ReadOnlySpan<char>>();

    public LatencyHistogram Latency { get; } = new();
    public long Frames { get; private set; }
    public long Points { get; private set; }
    public long Duplicates { get; private set; }
    public long OtherPoints { get; private set; }
    public long MalformedFrames { get; private set; }
    public string? FirstError { get; private set; }
    public double LastArrival { get; private set; }

    /// <summary>The last value of every other path: the master's and agents' self-metrics (QuloMaster.datapoints_dropped, ...).</summary>
    public IReadOnlyDictionary<string, double> LatestOther => _latestOther;

    /// <summary>Simulated datapoints received per Unix second of arrival.</summary>
    public IReadOnlyDictionary<long, long> PerSecond => _perSecond;

    /// <summary>Takes one frame's pickle (the bytes after the length prefix), received at <paramref name="arrival"/> (Unix seconds).</summary>
    public void Accept(byte[] pickle, double arrival)
    {
        Frames++;
        _arrival = arrival;
        _framePoints = 0;
        _scanned = Frames % CrossCheckEvery == 1 ? [] : null;
        if (PickleFrameScanner.Scan(pickle, this) is { } error) Malformed($"frame {Frames} ({pickle.Length} bytes): {error}");
        else if (_scanned is not null && CrossCheck(pickle, _scanned) is { } mismatch) Malformed($"frame {Frames} ({pickle.Length} bytes): {mismatch}");
        if (_framePoints == 0) return;
        LastArrival = arrival;
        _perSecond[(long)arrival] = _perSecond.GetValueOrDefault((long)arrival) + _framePoints;
    }

    /// <summary>Null when Razorvine unpickles the frame to exactly the points the scanner read.</summary>
    private static string? CrossCheck(byte[] pickle, List<Metric> scanned)
    {
        object decoded;
        try
        {
            using var unpickler = new Unpickler();
            decoded = unpickler.loads(pickle);
        }
        catch (Exception e) when (e is PickleException or InvalidOperationException or ArgumentException or IndexOutOfRangeException or IOException)
        {
            return $"does not unpickle: {e.Message}";
        }
        if (decoded is not IList points) return $"unpickles to a {decoded?.GetType().Name ?? "None"}, not a list";
        if (points.Count != scanned.Count) return $"unpickles to {points.Count} items, the scanner read {scanned.Count}";
        for (var i = 0; i < points.Count; i++)
        {
            if (points[i] is not object[] { Length: 2 } pair || pair[0] is not string path
                || pair[1] is not object[] { Length: 2 } sample || sample[0] is not double timestamp || sample[1] is not double value)
                return $"item {i} is not (path, (timestamp, value)): {points[i]}";
            if (new Metric(path, timestamp, value) != scanned[i]) return $"item {i} unpickles to ({path}, ({timestamp}, {value})), the scanner read {scanned[i]}";
        }
        return null;
    }

    public void Point(ReadOnlySpan<byte> pathUtf8, double timestamp, double value)
    {
        Span<char> buffer = stackalloc char[MaxStackPathChars];
        ReadOnlySpan<char> path = pathUtf8.Length <= MaxStackPathChars ? buffer[..Encoding.UTF8.GetChars(pathUtf8, buffer)] : Encoding.UTF8.GetString(pathUtf8);
        _scanned?.Add(new Metric(path.ToString(), timestamp, value));
        if (!SyntheticSeries.IsSeries(path))
        {
            OtherPoints++;
            _latestOther[path.ToString()] = value;
            return;
        }
        Points++;
        _framePoints++;
        Latency.Add(_arrival - timestamp);
        if (!_seriesByChars.TryGetValue(path, out var s)) _series[path.ToString()] = s = new Series();
        var seq = (long)value;
        if (seq == s.Next) s.Next++;
        else if (seq > s.Next)
        {
            s.Holes.Add((s.Next, seq));
            s.Next = seq + 1;
        }
        else if (!FillHole(s, seq)) Duplicates++;
    }

    private static bool FillHole(Series s, long seq)
    {
        for (var i = 0; i < s.Holes.Count; i++)
        {
            var (from, to) = s.Holes[i];
            if (seq < from || seq >= to) continue;
            s.Holes.RemoveAt(i);
            if (seq + 1 < to) s.Holes.Insert(i, (seq + 1, to));
            if (from < seq) s.Holes.Insert(i, (from, seq));
            return true;
        }
        return false;
    }

    /// <summary>Datapoints the agents sampled that never arrived: gaps inside each series and its missing tail.</summary>
    public long Missing(IEnumerable<AgentReport> agents)
    {
        long missing = 0;
        foreach (var agent in agents)
            foreach (var path in SyntheticSeries.Paths(agent.Host, agent.Series))
            {
                if (!_series.TryGetValue(path, out var s)) { missing += agent.Samples; continue; }
                missing += s.Holes.Sum(h => h.To - h.From) + Math.Max(0, agent.Samples - s.Next);
            }
        return missing;
    }

    private void Malformed(string error)
    {
        MalformedFrames++;
        FirstError ??= error;
    }
}

/// <summary>Latencies in 1 ms buckets up to 10 minutes.</summary>
internal sealed class LatencyHistogram
{
    private readonly long[] _buckets = new long[600_001];

    public long Count { get; private set; }

    public void Add(double seconds)
    {
        _buckets[(int)Math.Clamp(seconds * 1000, 0, _buckets.Length - 1)]++;
        Count++;
    }

    /// <summary>The latency (seconds) below which <paramref name="fraction"/> of the samples fall.</summary>
    public double Percentile(double fraction)
    {
        var rank = (long)Math.Ceiling(fraction * Count);
        long seen = 0;
        for (var ms = 0; ms < _buckets.Length; ms++)
            if ((seen += _buckets[ms]) >= rank && seen > 0) return (ms + 1) / 1000.0;
        return double.NaN;
    }
}
