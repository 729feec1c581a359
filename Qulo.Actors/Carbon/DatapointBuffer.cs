namespace Qulo.Actors.Carbon;

/// <summary>
/// A bounded ring of datapoints for one carbon destination: three parallel arrays (path id, timestamp,
/// value: 20 bytes a point) instead of an object per point.
/// <para>
/// Positions only grow. [<see cref="Head"/>, <see cref="SentEnd"/>) was written to carbon and is kept
/// for a replay window (carbon may close a connection before reading what the kernel accepted);
/// [<see cref="SentEnd"/>, <see cref="Tail"/>) is not sent yet. When full, the oldest point goes:
/// a sent one silently, an unsent one counted in <see cref="Dropped"/>.
/// </para>
/// </summary>
internal sealed class DatapointBuffer
{
    /// <summary>Distinct paths kept after the buffer empties; beyond it the table starts afresh.</summary>
    private const int PathTableResetThreshold = 100_000;

    private readonly int[] _pathIds;
    private readonly double[] _timestamps;
    private readonly double[] _values;
    private readonly PathTable _paths = new();

    public DatapointBuffer(int capacity)
    {
        if (capacity <= 0) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "buffer capacity must be positive");
        Capacity = capacity;
        _pathIds = new int[capacity];
        _timestamps = new double[capacity];
        _values = new double[capacity];
    }

    public int Capacity { get; }
    public long Head { get; private set; }
    public long SentEnd { get; private set; }
    public long Tail { get; private set; }

    /// <summary>Unsent points dropped because the buffer was full.</summary>
    public long Dropped { get; private set; }

    public long Unsent => Tail - SentEnd;
    public long Count => Tail - Head;

    public void Add(string path, double timestamp, double value)
    {
        if (Count == Capacity)
        {
            if (Head == SentEnd) { SentEnd++; Dropped++; }
            Head++;
        }
        var slot = Slot(Tail);
        _pathIds[slot] = _paths.Intern(path);
        _timestamps[slot] = timestamp;
        _values[slot] = value;
        Tail++;
    }

    /// <summary>Points before <paramref name="position"/> reached carbon's socket.</summary>
    public void MarkSent(long position) => SentEnd = Math.Clamp(position, SentEnd, Tail);

    /// <summary>Sent points before <paramref name="position"/> are past the replay window: forget them.</summary>
    public void Forget(long position)
    {
        Head = Math.Clamp(position, Head, SentEnd);
        if (Count == 0 && _paths.Count > PathTableResetThreshold) _paths.Clear();
    }

    /// <summary>The connection was lost: everything still kept is sent again.</summary>
    public void Rewind() => SentEnd = Head;

    public Source View => new(this);

    public string Path(long position) => _paths.Path(_pathIds[Slot(position)]);

    private int Slot(long position) => (int)(position % Capacity);

    /// <summary>The buffer seen as a frame source (a struct, so encoding calls are direct).</summary>
    public readonly struct Source(DatapointBuffer buffer) : IDatapointSource
    {
        public ReadOnlySpan<byte> PathUtf8(long position) => buffer._paths.Utf8(buffer._pathIds[buffer.Slot(position)]);
        public double Timestamp(long position) => buffer._timestamps[buffer.Slot(position)];
        public double Value(long position) => buffer._values[buffer.Slot(position)];
    }
}
