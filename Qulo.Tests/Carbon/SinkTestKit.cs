using Akka.Actor;
using Qulo.Actors.Carbon;
using Qulo.Actors.Config;
using Qulo.Actors.Metrics;

namespace Qulo.Tests.Carbon;

/// <summary>Settings and helpers shared by the CarbonSink tests.</summary>
internal static class SinkTestKit
{
    public const string MasterHost = "master1";

    /// <summary>Reconnects quickly so tests that break connections run in seconds.</summary>
    public static readonly ConnectionTuning FastReconnects = ConnectionTuning.Default with
    {
        MinBackoff = TimeSpan.FromMilliseconds(20),
        MaxBackoff = TimeSpan.FromMilliseconds(300),
    };

    public static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);

    public static GraphiteSettings Settings(IReadOnlyList<CarbonDestination> destinations, int batchSize = 50,
        int bufferSize = Defaults.CarbonBufferSize, TimeSpan? flushInterval = null, bool enabled = true, string plaintextFile = "") =>
        new(enabled, destinations, batchSize, flushInterval ?? TimeSpan.FromMilliseconds(100), bufferSize, Defaults.CarbonMaxFrameBytes, plaintextFile,
            Defaults.PlaintextMaxBytes, Defaults.PlaintextBackupCount);

    public static IActorRef StartSink(ActorSystem system, GraphiteSettings settings, TimeSpan? selfMetricsInterval = null) =>
        system.ActorOf(CarbonSink.Props(settings, MasterHost, selfMetricsInterval ?? TimeSpan.FromHours(1), FastReconnects, CarbonSink.DefaultDrainTimeout));

    /// <summary><paramref name="count"/> datapoints over 50 series, each (path, timestamp) unique and its value derived from both.</summary>
    public static Metric[] Points(int count, int firstTimestamp = 1_764_000_000) =>
        Enumerable.Range(0, count)
            .Select(i => new Metric($"node{i % 5}.Sensor{i % 10}.{i % 50}", firstTimestamp + i / 50, i + 0.25))
            .ToArray();

    public static void SendInBatches(IActorRef sink, IReadOnlyList<Metric> points, int batchSize)
    {
        for (var at = 0; at < points.Count; at += batchSize)
            sink.Tell(new MetricBatch(points.Skip(at).Take(batchSize).ToArray()));
    }

    public static Task<CarbonStats> Stats(IActorRef sink) => sink.Ask<CarbonStats>(CarbonSink.GetStats.Instance, AskTimeout);

    /// <summary>Polls until <paramref name="condition"/> holds or patience runs out; the assertions that follow say what is missing.</summary>
    public static async Task WaitUntil(Func<bool> condition, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (!condition() && DateTime.UtcNow < deadline) await Task.Delay(250);
    }

    /// <summary>True once every expected point was received at least once (replays may duplicate).</summary>
    public static bool AllArrived(IEnumerable<Metric> expected, IEnumerable<Metric> received) =>
        new HashSet<Metric>(received).IsSupersetOf(expected);
}
