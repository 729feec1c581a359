using System.Collections.Concurrent;

namespace Qulo.Actors.Serialization;

/// <summary>
/// The strings of the paths the master decodes, looked up by their UTF-8 bytes: agents send the same paths
/// every sample, so a repeated path costs a lookup instead of a new string (the master's largest cost per
/// datapoint was decoding). Shared by the transport's threads, so concurrent; emptied when it reaches
/// <see cref="Capacity"/> paths, after which it fills again with the paths still being sent.
/// </summary>
internal sealed class PathCache
{
    public const int Capacity = 500_000;

    private readonly ConcurrentDictionary<byte[], string> _paths = new(Utf8KeyComparer.Instance);
    private readonly ConcurrentDictionary<byte[], string>.AlternateLookup<ReadOnlySpan<byte>> _byBytes;

    /// <summary>Paths added since the last clear: ConcurrentDictionary.Count takes every lock, this is one interlocked add.</summary>
    private int _count;

    public PathCache() => _byBytes = _paths.GetAlternateLookup<ReadOnlySpan<byte>>();

    public bool TryGet(ReadOnlySpan<byte> utf8, out string path) => _byBytes.TryGetValue(utf8, out path!);

    /// <summary>Remembers a path decoded from <paramref name="utf8"/> (already checked to be valid UTF-8).</summary>
    public void Add(ReadOnlySpan<byte> utf8, string path)
    {
        if (Volatile.Read(ref _count) >= Capacity)
        {
            _paths.Clear();
            Volatile.Write(ref _count, 0);
        }
        if (_byBytes.TryAdd(utf8, path)) Interlocked.Increment(ref _count);
    }

    private sealed class Utf8KeyComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
    {
        public static readonly Utf8KeyComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x is not null && y is not null && x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] key) => GetHashCode((ReadOnlySpan<byte>)key);

        public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

        public int GetHashCode(ReadOnlySpan<byte> alternate)
        {
            var hash = new HashCode();
            hash.AddBytes(alternate);
            return hash.ToHashCode();
        }

        public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();
    }
}
