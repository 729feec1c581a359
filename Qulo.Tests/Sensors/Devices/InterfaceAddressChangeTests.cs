using Qulo.Actors.Sensors.Net;
using Qulo.Tests.Support;
using Xunit;
using static Qulo.Tests.Sensors.Devices.InterfaceAddressDumpTests;

namespace Qulo.Tests.Sensors.Devices;

/// <summary>Tests that change this machine's addresses: they run alone, so that no other test reads interfaces meanwhile.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HostAddressChanges
{
    public const string Name = "changes this machine's addresses";
}

[Collection(HostAddressChanges.Name)]
public class InterfaceAddressChangeTests
{
    /// <summary>
    /// An alias address added to lo and removed again (root, as CI and the units run): the kernel's notice makes the
    /// next read dump again, and the list then matches getifaddrs, the alias under its own label as glibc and psutil
    /// name it. Reads in between, with nothing changed, do not ask the kernel.
    /// </summary>
    [Fact]
    public void A_changed_address_is_dumped_again_and_an_unchanged_list_is_not()
    {
        var addresses = new InterfaceAddresses();
        var before = addresses.Read();
        Assert.Same(before, addresses.Read());
        Assert.Equal(1, addresses.Dumps);

        Ip("addr add 127.0.0.77/32 dev lo label lo:qulo");
        IReadOnlyList<InterfaceAddress> added;
        try
        {
            added = addresses.Read();
            Assert.Equal(Listed(GetIfAddrs()), Listed(added));
        }
        finally
        {
            Ip("addr del 127.0.0.77/32 dev lo");
        }
        Assert.Equal(2, addresses.Dumps);
        Assert.Contains(new InterfaceAddress("lo:qulo", AddressKind.IPv4), added);

        var removed = addresses.Read();
        Assert.Equal(3, addresses.Dumps);
        Assert.Equal(Listed(before), Listed(removed));
        Assert.Same(removed, addresses.Read());
    }

    private static void Ip(string arguments) => HostCommand.Run("this test changes lo's addresses", "ip", arguments.Split(' '));
}
