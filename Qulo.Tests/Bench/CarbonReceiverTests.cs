using System.Net;
using System.Net.Sockets;
using Qulo.Actors.Carbon;
using Qulo.LoadGen;
using Qulo.Tests.Support;
using Xunit;

namespace Qulo.Tests.Bench;

/// <summary>The load generator's carbon receiver: what it counts must be what was sent, or its loss figures mean nothing.</summary>
[Trait(Category.Name, Category.EndToEnd)]
public sealed class CarbonReceiverTests
{
    [Fact]
    public async Task Counts_points_gaps_duplicates_and_other_paths_of_a_known_frame()
    {
        var writer = new PickleFrameWriter();
        writer.BeginFrame();
        foreach (var value in new double[] { 0, 1, 3, 1 }) writer.Append("lg007.CPUPercent.0"u8, 1_764_000_000.5, value);
        writer.Append("master.QuloMaster.received"u8, 1_764_000_000.5, 42);
        writer.EndFrame();

        var verifier = await Receive(writer.Written.ToArray(), frames: 1);

        Assert.Equal(1, verifier.Frames);
        Assert.Equal(0, verifier.MalformedFrames);
        Assert.Equal(4, verifier.Points);
        Assert.Equal(1, verifier.OtherPoints);
        Assert.Equal(1, verifier.Duplicates);
        Assert.Equal(4, verifier.Latency.Count);
        // Samples 0..4 were taken: 2 never came, 4 is the missing tail.
        Assert.Equal(2, verifier.Missing([new AgentReport("lg007", 1, 5, 0, 0)]));
    }

    [Fact]
    public async Task Reports_a_frame_that_is_not_a_pickled_list_and_keeps_reading()
    {
        byte[] garbage = [0, 0, 0, 3, (byte)'a', (byte)'b', (byte)'c'];
        var writer = new PickleFrameWriter();
        writer.BeginFrame();
        writer.Append("lg001.CPUPercent.0"u8, 1_764_000_000, 0);
        writer.EndFrame();

        var verifier = await Receive([.. garbage, .. writer.Written.ToArray()], frames: 2);

        Assert.Equal(1, verifier.MalformedFrames);
        Assert.Contains("frame 1", verifier.FirstError);
        Assert.Equal(1, verifier.Points);
    }

    [Fact]
    public void A_late_datapoint_fills_its_gap_instead_of_counting_as_duplicate()
    {
        var verifier = new SeriesVerifier();
        var writer = new PickleFrameWriter();
        writer.BeginFrame();
        foreach (var value in new double[] { 0, 3, 1, 2, 2 }) writer.Append("lg001.CPUPercent.0"u8, 1_764_000_000, value);
        writer.EndFrame();

        verifier.Accept(writer.Written[4..].ToArray(), 1_764_000_001);

        Assert.Equal(1, verifier.Duplicates);
        Assert.Equal(0, verifier.Missing([new AgentReport("lg001", 1, 4, 0, 0)]));
    }

    /// <summary>Sends <paramref name="bytes"/> to a fresh receiver over TCP and waits until it has taken <paramref name="frames"/> frames.</summary>
    private static async Task<SeriesVerifier> Receive(byte[] bytes, int frames)
    {
        using var receiver = new CarbonReceiver(new SeriesVerifier());
        using (var client = new TcpClient())
        {
            await client.ConnectAsync(IPAddress.Loopback, receiver.Port);
            await client.GetStream().WriteAsync(bytes);
        }
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            lock (receiver.Verifier)
                if (receiver.Verifier.Frames >= frames) return receiver.Verifier;
            await Task.Delay(20, patience.Token);
        }
    }
}
