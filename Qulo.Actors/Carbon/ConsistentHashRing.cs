using System.Security.Cryptography;
using System.Text;
using Qulo.Actors.Config;

namespace Qulo.Actors.Carbon;

/// <summary>
/// carbon-relay's consistent hashing ("carbon_ch", carbon/hashing.py ConsistentHashRing with
/// carbon/routers.py ConsistentHashingRouter), so a metric goes to the same carbon-cache as it would
/// behind a carbon-relay with the same DESTINATIONS list.
/// <para>
/// A node is the pair (host, instance); its 100 replicas sit at the first two bytes of
/// md5("('host', 'instance'):i") (Python's text of the tuple, None for no instance), moved one up
/// while the spot is taken, in list order. A path goes to the first replica at or after its own
/// md5 position, wrapping around.
/// </para>
/// </summary>
public sealed class ConsistentHashRing
{
    public const int ReplicaCount = 100;

    private readonly int[] _positions;
    private readonly int[] _nodeIndexes;

    /// <exception cref="ArgumentException">No destinations, or two share host and instance (carbon-relay refuses that too).</exception>
    public ConsistentHashRing(IReadOnlyList<CarbonDestination> destinations)
    {
        if (destinations.Count == 0) throw new ArgumentException("a hash ring needs at least one carbon destination", nameof(destinations));
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var ring = new SortedDictionary<int, int>();
        for (var node = 0; node < destinations.Count; node++)
        {
            var key = NodeKey(destinations[node]);
            if (!keys.Add(key))
                throw new ArgumentException(
                    $"carbon destinations share host and instance {key}: give each its own instance (host:port:instance), as carbon-relay requires",
                    nameof(destinations));
            for (var replica = 0; replica < ReplicaCount; replica++)
            {
                var position = Position($"{key}:{replica}");
                while (ring.ContainsKey(position)) position++;
                ring.Add(position, node);
            }
        }
        _positions = [.. ring.Keys];
        _nodeIndexes = [.. ring.Values];
    }

    /// <summary>Index into the destination list for this metric path.</summary>
    public int NodeFor(string path)
    {
        var index = Array.BinarySearch(_positions, Position(path));
        if (index < 0) index = ~index;
        return _nodeIndexes[index % _positions.Length];
    }

    /// <summary>First two bytes of the md5 of the UTF-8 text, big-endian (carbonHash for carbon_ch).</summary>
    internal static int Position(string key)
    {
        Span<byte> hash = stackalloc byte[MD5.HashSizeInBytes];
        MD5.HashData(Encoding.UTF8.GetBytes(key), hash);
        return hash[0] << 8 | hash[1];
    }

    /// <summary>Python's str() of the (server, instance) tuple.</summary>
    internal static string NodeKey(CarbonDestination destination) =>
        $"({PythonRepr(destination.Host)}, {(destination.Instance is null ? "None" : PythonRepr(destination.Instance))})";

    /// <summary>Python's repr() of a str (quotes and escapes; hosts and instance names are printable).</summary>
    private static string PythonRepr(string text)
    {
        var quote = text.Contains('\'') && !text.Contains('"') ? '"' : '\'';
        var sb = new StringBuilder(text.Length + 2).Append(quote);
        foreach (var c in text)
        {
            switch (c)
            {
                case '\\': sb.Append(@"\\"); break;
                case '\n': sb.Append(@"\n"); break;
                case '\r': sb.Append(@"\r"); break;
                case '\t': sb.Append(@"\t"); break;
                default:
                    if (c == quote) sb.Append('\\');
                    sb.Append(c);
                    break;
            }
        }
        return sb.Append(quote).ToString();
    }
}
