using Qulo.Actors.Carbon;
using Xunit;

namespace Qulo.Tests.Carbon;

public class DatapointBufferTests
{
    [Fact]
    public void WhenFullTheOldestUnsentPointsGoAndAreCounted()
    {
        var buffer = new DatapointBuffer(5);
        for (var i = 0; i < 8; i++) buffer.Add($"h.S.{i}", i, i * 10);

        Assert.Equal(3, buffer.Dropped);
        Assert.Equal(5, buffer.Unsent);
        Assert.Equal(["h.S.3", "h.S.4", "h.S.5", "h.S.6", "h.S.7"], Unsent(buffer).Select(p => p.Path));
        Assert.Equal([30.0, 40, 50, 60, 70], Unsent(buffer).Select(p => p.Value));
    }

    [Fact]
    public void SentPointsKeptForReplayMakeRoomBeforeAnyUnsentPointIsDropped()
    {
        var buffer = new DatapointBuffer(4);
        for (var i = 0; i < 4; i++) buffer.Add("h.S", i, i);
        buffer.MarkSent(3);

        for (var i = 4; i < 7; i++) buffer.Add("h.S", i, i);
        Assert.Equal(0, buffer.Dropped);

        buffer.Add("h.S", 7, 7);

        Assert.Equal(1, buffer.Dropped);
        Assert.Equal([4.0, 5, 6, 7], Unsent(buffer).Select(p => p.Timestamp));
    }

    [Fact]
    public void RewindSendsAgainWhatIsKeptAndForgetDropsItForGood()
    {
        var buffer = new DatapointBuffer(10);
        for (var i = 0; i < 6; i++) buffer.Add("h.S", i, i);
        buffer.MarkSent(4);
        buffer.Forget(2);

        buffer.Rewind();

        Assert.Equal(0, buffer.Dropped);
        Assert.Equal([2.0, 3, 4, 5], Unsent(buffer).Select(p => p.Timestamp));
    }

    [Fact]
    public void AMillionBufferedPointsStayWellUnderAHundredMegabytes()
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var buffer = new DatapointBuffer(1_000_000);
        for (var i = 0; i < 1_000_000; i++) buffer.Add($"node{i % 100}.CPUPercent.{i % 64}", i, i);
        var after = GC.GetTotalMemory(forceFullCollection: true);

        Assert.Equal(1_000_000, buffer.Unsent);
        Assert.InRange(after - before, 0, 100L * 1024 * 1024);
        GC.KeepAlive(buffer);
    }

    private static IEnumerable<(string Path, double Timestamp, double Value)> Unsent(DatapointBuffer buffer)
    {
        var view = buffer.View;
        for (var p = buffer.SentEnd; p < buffer.Tail; p++) yield return (buffer.Path(p), view.Timestamp(p), view.Value(p));
    }
}
