namespace Qulo.Actors.Sensors.Net;

/// <summary>
/// The kernel's notices of changes (a link added, renamed or readdressed; an address added or removed) on a netlink
/// socket subscribed to them: a sensor asks the kernel for a whole dump again only when one came. The notices wait
/// in the socket until read; when too many came for its buffer, the kernel says so (ENOBUFS), which counts as a change.
/// </summary>
internal sealed unsafe class NetlinkChanges(int protocol, uint groups, string what) : IDisposable
{
    private const int DontWait = 0x40;   // MSG_DONTWAIT

    private readonly Netlink.Handle _socket = Netlink.Open(protocol, groups, what);

    /// <summary>Reads every notice that came since the last call; true when there was any.</summary>
    public bool Any()
    {
        var buffer = stackalloc byte[4096];
        var any = false;
        while (true)
        {
            // A notice longer than the buffer arrives cut short: only its arrival matters here.
            if (Netlink.Recv(_socket.Descriptor, buffer, 4096, DontWait) > 0)
            {
                any = true;
                continue;
            }
            switch (System.Runtime.InteropServices.Marshal.GetLastPInvokeError())
            {
                case Netlink.ErrorWouldBlock: return any;
                case Netlink.ErrorInterrupted: continue;
                case Netlink.ErrorNoBuffers: any = true; continue;
                default: throw Netlink.Failure($"cannot read the kernel's notices for the {what}");
            }
        }
    }

    public void Dispose() => _socket.Dispose();
}
