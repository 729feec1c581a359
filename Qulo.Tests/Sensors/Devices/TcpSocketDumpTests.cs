using System.Net;
using System.Net.Sockets;
using Qulo.Actors.Sensors;
using Qulo.Actors.Sensors.Net;
using Xunit;
using static Qulo.Tests.Sensors.Devices.DeviceFixtures;

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
        var fromDump = new NetConnectionsSensor(context);

        for (var attempt = 1; ; attempt++)
        {
            var before = AsDictionary(fromFiles.Read());
            var dumped = AsDictionary(fromDump.Read());
            var after = AsDictionary(fromFiles.Read());
            if (!before.SequenceEqual(after) && attempt < 50) continue;
            Assert.Equal(before, dumped);
            Assert.True(dumped["tcp.LISTEN"] >= 2 && dumped["tcp.ESTABLISHED"] >= 2 && dumped["tcp6.count"] >= 1,
                string.Join(", ", dumped.Select(r => $"{r.Key} {r.Value}")));
            return;
        }
    }

    private static Socket Listen(IPAddress address)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(address, 0));
        socket.Listen();
        return socket;
    }
}
