using System.Runtime.InteropServices;
using Qulo.Actors.Sensors;
using Qulo.Actors.Sensors.Net;
using Xunit;
using static Qulo.Tests.Sensors.Devices.NetlinkMessages;

namespace Qulo.Tests.Sensors.Devices;

public partial class InterfaceAddressDumpTests
{
    private const ushort NewLink = 16, NewAddress = 20;

    /// <summary>The dump against getifaddrs(3) itself, psutil's call, on this machine: the same entries, name and kind.</summary>
    [Fact]
    public void The_dump_lists_what_getifaddrs_lists()
    {
        var ours = Listed(new InterfaceAddresses().Read());
        var glibc = Listed(GetIfAddrs());

        Assert.Equal(glibc, ours);
        Assert.Contains("lo IPv4", ours);
        Assert.Contains("lo Link", ours);
    }

    internal static string[] Listed(IEnumerable<InterfaceAddress> entries) =>
        entries.Select(e => $"{e.Interface} {e.Kind}").Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public void Addresses_are_named_by_their_label_or_else_by_their_link()
    {
        var list = new InterfaceAddresses.Collector();
        byte[][] dump =
        [
            Link(1, "lo", hardwareAddress: new byte[6]),
            Link(2, "eth0", hardwareAddress: [2, 0xfc, 0, 0, 0, 1]),
            Link(3, "tun0", hardwareAddress: null),
            Link(4, "gre0", hardwareAddress: []),
            Address(2, family: 2, (1, [192, 0, 2, 2]), (3, CString("eth0:1"))),   // an IPv4 alias: named by its label
            Address(2, family: 10, (1, new byte[16])),
            Address(3, family: 2, (2, [10, 0, 0, 1]), (1, [10, 0, 0, 2])),        // point to point: IFA_LOCAL and IFA_ADDRESS, one entry
            Address(1, family: 45, (2, [8])),                                      // another family (MCTP): names lo, counts as none
            Address(4, family: 2),                                                 // no address attribute
            Address(9, family: 2, (1, [192, 0, 2, 9])),                            // a link newer than the link dump: left for the next read
        ];
        foreach (var message in dump) NetlinkDump.Parse(message, "test dump", list.Add);

        Assert.Equal(
            [
                new("lo", AddressKind.Link), new("eth0", AddressKind.Link), new("tun0", AddressKind.None), new("gre0", AddressKind.None),
                new("eth0:1", AddressKind.IPv4), new("eth0", AddressKind.IPv6), new("tun0", AddressKind.IPv4),
                new("lo", AddressKind.None), new("gre0", AddressKind.None),
            ],
            list.Entries);
    }

    [Fact]
    public void A_short_message_or_a_malformed_attribute_is_an_error_naming_it()
    {
        var list = new InterfaceAddresses.Collector();

        Assert.Contains("link message of 8 bytes",
            Assert.Throws<SensorException>(() => NetlinkDump.Parse(Message(NewLink, new byte[8]), "test dump", list.Add)).Message);
        var overlong = Link(2, "eth0", hardwareAddress: null);
        BitConverter.TryWriteBytes(overlong.AsSpan(16 + 16), (ushort)200);
        Assert.Contains("the rtnetlink dump of links and addresses sent a malformed attribute of 200 bytes",
            Assert.Throws<SensorException>(() => NetlinkDump.Parse(overlong, "test dump", list.Add)).Message);
        Assert.Contains("without a name",
            Assert.Throws<SensorException>(() => NetlinkDump.Parse(Message(NewLink, new byte[16]), "test dump", list.Add)).Message);
    }

    /// <summary>RTM_NEWLINK: struct ifinfomsg (family, type, index, flags, change), IFLA_IFNAME, and IFLA_ADDRESS when given.</summary>
    private static byte[] Link(int index, string name, byte[]? hardwareAddress)
    {
        var info = new byte[16];
        BitConverter.TryWriteBytes(info.AsSpan(4), index);
        byte[] attributes = [.. Attribute(3, CString(name)), .. hardwareAddress is null ? [] : Attribute(1, hardwareAddress)];
        return Message(NewLink, [.. info, .. attributes]);
    }

    /// <summary>RTM_NEWADDR: struct ifaddrmsg (family, prefix length, flags, scope, index) and the attributes given.</summary>
    private static byte[] Address(int index, byte family, params (ushort Type, byte[] Payload)[] attributes)
    {
        var info = new byte[8];
        info[0] = family;
        BitConverter.TryWriteBytes(info.AsSpan(4), index);
        return Message(NewAddress, [.. info, .. attributes.SelectMany(a => Attribute(a.Type, a.Payload))]);
    }

    /// <summary>glibc's list, classified as psutil's net_if_addrs() does (see <see cref="AddressKind"/>).</summary>
    internal static unsafe List<InterfaceAddress> GetIfAddrs()
    {
        Assert.Equal(0, GetIfAddrs(out var list));
        try
        {
            var entries = new List<InterfaceAddress>();
            for (var entry = list; entry != null; entry = entry->Next)
            {
                var address = entry->Address;
                var kind = address == null ? AddressKind.None : *(ushort*)address switch
                {
                    2 => AddressKind.IPv4,
                    10 => AddressKind.IPv6,
                    17 when address[11] > 0 => AddressKind.Link, // AF_PACKET with sll_halen > 0
                    _ => AddressKind.None,
                };
                entries.Add(new InterfaceAddress(Marshal.PtrToStringUTF8((nint)entry->Name)!, kind));
            }
            return entries;
        }
        finally
        {
            FreeIfAddrs(list);
        }
    }

    /// <summary>struct ifaddrs, up to the address.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private unsafe struct IfAddrs
    {
        public IfAddrs* Next;
        public byte* Name;
        public uint Flags;
        public byte* Address;
    }

    [LibraryImport("libc", EntryPoint = "getifaddrs")]
    private static unsafe partial int GetIfAddrs(out IfAddrs* list);

    [LibraryImport("libc", EntryPoint = "freeifaddrs")]
    private static unsafe partial void FreeIfAddrs(IfAddrs* list);
}
