using System.Runtime.InteropServices;

namespace Qulo.Actors.Sensors.Net;

/// <summary>What kind of address an entry of getifaddrs(3) holds, as psutil's net_if_addrs() counts it.</summary>
internal enum AddressKind
{
    /// <summary>An entry psutil skips (no address, another family, a link without a hardware address); it still names an interface.</summary>
    None,
    IPv4,
    IPv6,
    /// <summary>AF_PACKET with a hardware address (psutil.AF_LINK).</summary>
    Link,
}

internal readonly record struct InterfaceAddress(string Interface, AddressKind Kind);

/// <summary>
/// getifaddrs(3), the call psutil's net_if_addrs() makes: one entry per link (AF_PACKET) and per IPv4 and
/// IPv6 address, from the kernel's netlink dumps. Called directly: System.Net.NetworkInformation builds
/// objects for every property of every interface and cost several times psutil's whole call.
/// </summary>
internal static unsafe partial class InterfaceAddresses
{
    private const ushort FamilyIPv4 = 2, FamilyIPv6 = 10, FamilyPacket = 17; // AF_INET, AF_INET6, AF_PACKET

    /// <summary>struct ifaddrs, up to the fields read here.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct IfAddrs
    {
        public IfAddrs* Next;
        public byte* Name;
        public uint Flags;
        public byte* Address;
    }

    /// <summary>Offset of sll_halen, the hardware address length, in struct sockaddr_ll.</summary>
    private const int PacketAddressLength = 11;

    public static IReadOnlyList<InterfaceAddress> Live()
    {
        if (GetIfAddrs(out var list) != 0)
            throw new SensorException($"getifaddrs failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        try
        {
            var addresses = new List<InterfaceAddress>();
            for (var entry = list; entry != null; entry = entry->Next)
                addresses.Add(new InterfaceAddress(Marshal.PtrToStringUTF8((nint)entry->Name) ?? "", Kind(entry->Address)));
            return addresses;
        }
        finally
        {
            FreeIfAddrs(list);
        }
    }

    /// <summary>psutil skips an entry whose address it cannot render: none, an unknown family, a zero-length hardware address.</summary>
    private static AddressKind Kind(byte* address)
    {
        if (address == null) return AddressKind.None;
        return *(ushort*)address switch
        {
            FamilyIPv4 => AddressKind.IPv4,
            FamilyIPv6 => AddressKind.IPv6,
            FamilyPacket when address[PacketAddressLength] > 0 => AddressKind.Link,
            _ => AddressKind.None,
        };
    }

    [LibraryImport("libc", EntryPoint = "getifaddrs", SetLastError = true)]
    private static partial int GetIfAddrs(out IfAddrs* list);

    [LibraryImport("libc", EntryPoint = "freeifaddrs")]
    private static partial void FreeIfAddrs(IfAddrs* list);
}
