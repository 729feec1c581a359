using System.Runtime;
using Qulo.Actors.Carbon;
using Qulo.Actors.Config;

namespace Qulo.LoadGen;

/// <summary>
/// `buffer` mode: the memory of the master's carbon buffer (one DatapointBuffer of the default
/// graphite.buffer-size) holding that many points from many agents, as while carbon is away.
/// </summary>
internal static class BufferMemory
{
    public static int Run(Options o)
    {
        var points = o.Int("points", Defaults.CarbonBufferSize);
        var agents = o.Int("agents", 1000);
        var series = o.Int("series", 100);
        var paths = Enumerable.Range(0, agents).SelectMany(a => SyntheticSeries.Paths(SyntheticSeries.Host(a), series)).ToArray();

        var before = Measure();
        var buffer = new DatapointBuffer(points);
        var timestamp = 1_764_000_000.0;
        for (var i = 0; i < points; i++)
        {
            // Metric paths arrive as fresh strings, deserialized from each agent's batch.
            var path = new string(paths[i % paths.Length]);
            buffer.Add(path, timestamp + i / paths.Length * 10, i);
        }
        paths = [];
        var after = Measure();
        GC.KeepAlive(buffer);

        Console.Error.WriteLine($"""
            buffer: {buffer.Count:N0} datapoints buffered ({agents * series:N0} distinct paths like {buffer.Path(0)})
            RSS {before.Rss / 1048576.0:F1} -> {after.Rss / 1048576.0:F1} MB (+{(after.Rss - before.Rss) / 1048576.0:F1}); private {before.Anon / 1048576.0:F1} -> {after.Anon / 1048576.0:F1} MB; managed heap {before.Heap / 1048576.0:F1} -> {after.Heap / 1048576.0:F1} MB
            """);
        Console.WriteLine(string.Join('\t', "buffer", buffer.Count, agents * series, after.Rss, after.Anon, after.Heap, after.Rss - before.Rss, after.Heap - before.Heap));
        return 0;
    }

    private static (long Rss, long Anon, long Heap) Measure()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var sample = ProcessSample.Read(Environment.ProcessId);
        return (sample.RssBytes, sample.RssAnonBytes, GC.GetTotalMemory(forceFullCollection: false));
    }
}
