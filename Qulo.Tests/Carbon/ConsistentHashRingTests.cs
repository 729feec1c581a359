using Qulo.Actors.Carbon;
using Qulo.Actors.Config;
using Qulo.Tests.Support.Graphite;
using Xunit;

namespace Qulo.Tests.Carbon;

public class ConsistentHashRingTests
{
    [Theory]
    [InlineData("127.0.0.1:2004")]
    [InlineData("10.0.0.1:2004,10.0.0.2:2004,10.0.0.3:2004")]
    [InlineData("127.0.0.1:2104:a,127.0.0.1:2204:b,127.0.0.1:2304:c,graphite-2.example.org:2004")]
    public void SpreadsPathsExactlyLikeCarbonsOwnRing(string destinationList)
    {
        var destinations = destinationList.Split(',').Select(Parse).ToArray();
        var paths = Enumerable.Range(0, 300)
            .Select(i => $"node{i % 37}.{(i % 3 == 0 ? "CPUPercent" : "NetIOCounters.eth" + i % 4 + ".bytes_sent")}.{i}")
            .ToArray();
        var ring = new ConsistentHashRing(destinations);

        var expected = CarbonRingNodes(destinations, paths);

        Assert.Equal(expected, paths.Select(ring.NodeFor));
        if (destinations.Length > 1) Assert.True(expected.Distinct().Count() > 1, "the paths should land on several nodes");
    }

    [Fact]
    public void TwoDestinationsWithTheSameHostAndInstanceAreRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => new ConsistentHashRing([new("127.0.0.1", 2004), new("127.0.0.1", 2104)]));
        Assert.Contains("instance", error.Message);
    }

    private static CarbonDestination Parse(string text)
    {
        var parts = text.Split(':');
        return new CarbonDestination(parts[0], int.Parse(parts[1]), parts.Length > 2 ? parts[2] : null);
    }

    /// <summary>Indexes into <paramref name="destinations"/> that carbon.hashing.ConsistentHashRing picks.</summary>
    private static int[] CarbonRingNodes(CarbonDestination[] destinations, string[] paths)
    {
        var nodes = string.Join(",", destinations.Select(d => $"('{d.Host}', {(d.Instance is null ? "None" : $"'{d.Instance}'")})"));
        var script = $$"""
import sys
from carbon.hashing import ConsistentHashRing
nodes = [{{nodes}}]
ring = ConsistentHashRing([])
for node in nodes:
    ring.add_node(node)
for path in sys.argv[1:]:
    print(nodes.index(ring.get_node(path)))
""";
        var output = Python.Run(script, paths);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();
    }
}
