using Qulo.Actors.Sensors.Net;
using Xunit;
using static Qulo.Tests.Sensors.Devices.NetlinkMessages;

namespace Qulo.Tests.Sensors.Devices;

public class NetlinkDumpTests
{
    /// <summary>What a read that failed halfway left in the socket (its own messages and its end) does not pass for the next dump.</summary>
    [Fact]
    public void Messages_of_an_earlier_request_are_skipped_its_end_included()
    {
        var types = new List<ushort>();
        byte[] datagram =
        [
            .. Message(16, [1, 2, 3, 4], sequence: 1), .. Message(3, BitConverter.GetBytes(0), sequence: 1),
            .. Message(20, [5, 6, 7, 8], sequence: 2),
        ];

        Assert.False(NetlinkDump.Parse(datagram, "test dump", (type, _) => types.Add(type), sequence: 2));
        Assert.True(NetlinkDump.Parse(Message(3, BitConverter.GetBytes(0), sequence: 2), "test dump", (type, _) => types.Add(type), sequence: 2));
        Assert.Equal([20], types);
    }
}
