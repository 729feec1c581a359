using System.Globalization;
using Akka.Actor;
using Qulo.Actors.Carbon;
using Qulo.Actors.Metrics;
using Qulo.Tests.Support;
using Qulo.Tests.Support.Graphite;
using Xunit;
using static Qulo.Tests.Carbon.SinkTestKit;

namespace Qulo.Tests.Carbon;

public class PlaintextFileTests : Akka.TestKit.Xunit2.TestKit
{
    [Fact]
    public void LinesArePathValueTimestampAndRotateKeepingTheBackups()
    {
        using var dir = new TempDirectory("qulo-plaintext");
        var file = dir.File("points.txt");
        var points = Points(200);
        using (var sink = new PlaintextFileSink(file, maxBytes: 2000, backupCount: 2))
            foreach (var chunk in points.Chunk(10)) sink.Write(chunk);

        string[] files = [file + ".2", file + ".1", file];
        Assert.All(files, f => Assert.InRange(new FileInfo(f).Length, 1, 2000));
        Assert.False(File.Exists(file + ".3"));
        var kept = files.SelectMany(File.ReadLines).Select(Parse).ToList();
        // The newest points survive, in order, ending with the last one written.
        Assert.Equal(points[^kept.Count..], kept);
    }

    [Fact]
    public void AnUnwritableFileIsAnErrorNamingIt()
    {
        var error = Assert.Throws<IOException>(() => new PlaintextFileSink("/proc/qulo-cannot-write-here", 0, 0));
        Assert.Contains("/proc/qulo-cannot-write-here", error.Message);
    }

    [Fact]
    public async Task WithGraphiteOffNothingConnectsAndTheFileGetsEveryPoint()
    {
        using var dir = new TempDirectory("qulo-plaintext");
        await using var carbon = new FakeCarbon(FakeCarbonBehaviour.Healthy);
        var file = dir.File("points.txt");
        var sink = StartSink(Sys, Settings([carbon.Destination], enabled: false, plaintextFile: file));
        var points = Points(500);

        SendInBatches(sink, points, batchSize: 100);
        var stats = await sink.Ask<CarbonStats>(CarbonSink.Drain.Instance, AskTimeout);

        Assert.Equal(points, File.ReadLines(file).Select(Parse));
        Assert.Equal(500, stats.Received);
        Assert.Equal(0, stats.Sent);
        Assert.Equal(0, carbon.Connections);
    }

    private static Metric Parse(string line)
    {
        var fields = line.Split(' ');
        Assert.Equal(3, fields.Length);
        return new Metric(fields[0], double.Parse(fields[2], CultureInfo.InvariantCulture), double.Parse(fields[1], CultureInfo.InvariantCulture));
    }
}
