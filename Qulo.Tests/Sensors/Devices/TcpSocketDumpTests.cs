using System.Net;
using System.Net.Sockets;
using Qulo.Actors.Sensors;
using Qulo.Actors.Sensors.Net;
using Xunit;
using static Qulo.Tests.Sensors.Devices.DeviceFixtures;
using static Qulo.Tests.Sensors.Devices.NetlinkMessages;

namespace Qulo.Tests.Sensors.Devices;

public class TcpSocketDumpTests
{
    /// <summary>
    /// The dump against the files it replaces, on this machine, with sockets of both families in three states
    /// opened here. Other tests open and close sockets meanwhile: a comparison counts once two file readings
    /// taken around the dump agree with each other.
    /// </summary>
    [Fact]
    public void The_dump_counts_what_proc_net_tcp_and_tcp6_list()
    {
        using var listener4 = Listen(IPAddress.Loopback);
        using var listener6 = Listen(IPAddress.IPv6Loopback);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        client.Connect(listener4.LocalEndPoint!);
        using var accepted = listener4.Accept();
        var context = Context(NetConnectionsSensor.Info, FileSystemRoots.Live, ("kind", "tcp"));
        var fromFiles = new NetConnectionsSensor(context, dumpTcp: null);
        // The sensor would fall back to the files, silently, if the dump failed: a failure here must show.
        Exception? dumpFailure = null;
        var fromDump = new NetConnectionsSensor(context, () =>
        {
            try
            {
                return TcpSocketDump.Count();
            }
            catch (Exception e)
            {
                dumpFailure = e;
                throw;
            }
        });

        for (var attempt = 1; ; attempt++)
        {
            var before = AsDictionary(fromFiles.Read());
            var dumped = AsDictionary(fromDump.Read());
            var after = AsDictionary(fromFiles.Read());
            if (!before.SequenceEqual(after) && attempt < 50) continue;
            Assert.Null(dumpFailure);
            Assert.Equal(before, dumped);
            Assert.True(dumped["tcp.LISTEN"] >= 2 && dumped["tcp.ESTABLISHED"] >= 2 && dumped["tcp6.count"] >= 1,
                string.Join(", ", dumped.Select(r => $"{r.Key} {r.Value}")));
            return;
        }
    }

    [Fact]
    public void Sockets_are_counted_per_family_and_state_until_the_end_of_the_dump()
    {
        var counts = new TcpSocketCounts();

        Assert.False(TcpSocketDump.Tally([.. Message(18, Socket(2, 1)), .. Message(18, Socket(10, 10)), .. Message(18, Socket(2, 1))], counts));
        Assert.True(TcpSocketDump.Tally(Message(3, BitConverter.GetBytes(0)), counts));

        Assert.Equal(2, counts.IPv4[0]);   // ESTABLISHED
        Assert.Equal(1, counts.IPv6[9]);   // LISTEN
        Assert.Equal(3, counts.IPv4.Sum() + counts.IPv6.Sum());
    }

    [Theory]
    [InlineData(3, -4, "refused the inet_diag dump: Interrupted system call")]      // NLMSG_DONE of a dump cut short
    [InlineData(2, -2, "refused the inet_diag dump: No such file or directory")]    // NLMSG_ERROR: no tcp_diag module
    public void A_dump_the_kernel_ended_with_an_error_is_an_error_naming_it(ushort type, int error, string expected)
    {
        var counts = new TcpSocketCounts();
        var e = Assert.Throws<SensorException>(() => TcpSocketDump.Tally([.. Message(18, Socket(2, 1)), .. Message(type, BitConverter.GetBytes(error))], counts));

        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void A_message_longer_than_its_datagram_or_an_unknown_state_is_an_error()
    {
        var truncated = Message(18, Socket(2, 1))[..20];
        Assert.Contains("malformed message of 88 bytes", Assert.Throws<SensorException>(() => TcpSocketDump.Tally(truncated, new TcpSocketCounts())).Message);
        Assert.Contains("in state 13", Assert.Throws<SensorException>(() => TcpSocketDump.Tally(Message(18, Socket(2, 13)), new TcpSocketCounts())).Message);
        Assert.Contains("address family 1", Assert.Throws<SensorException>(() => TcpSocketDump.Tally(Message(18, Socket(1, 1)), new TcpSocketCounts())).Message);
    }

    /// <summary>A struct inet_diag_msg (72 bytes) of this family and state.</summary>
    private static byte[] Socket(byte family, byte state)
    {
        var socket = new byte[72];
        (socket[0], socket[1]) = (family, state);
        return socket;
    }

    private static Socket Listen(IPAddress address)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(address, 0));
        socket.Listen();
        return socket;
    }
}
