using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Qulo.Actors.Sensors.Net;

/// <summary>The netlink socket calls the sensors make, on a handle that closes the socket with the sensor that holds it.</summary>
internal static unsafe partial class Netlink
{
    public const int ProtocolRoute = 0;       // NETLINK_ROUTE
    public const int ProtocolInetDiag = 4;    // NETLINK_INET_DIAG
    public const int ErrorInterrupted = 4;    // EINTR
    public const int ErrorWouldBlock = 11;    // EAGAIN
    public const int ErrorNoBuffers = 105;    // ENOBUFS: the kernel dropped messages for this socket

    private const int FamilyNetlink = 16;                             // AF_NETLINK
    private const int DatagramCloseOnExec = 2 | 0x80000;              // SOCK_DGRAM | SOCK_CLOEXEC
    private const int NonBlocking = 0x800;                            // SOCK_NONBLOCK

    public sealed class Handle : SafeHandleMinusOneIsInvalid
    {
        public Handle(int descriptor) : base(ownsHandle: true) => SetHandle(descriptor);

        public int Descriptor => (int)handle;

        protected override bool ReleaseHandle() => CloseDescriptor((int)handle) == 0;
    }

    /// <param name="groups">Multicast groups to receive (RTMGRP_*), on a non-blocking socket; 0: none, blocking.</param>
    /// <param name="what">Names the socket's purpose in an error.</param>
    public static Handle Open(int protocol, uint groups, string what)
    {
        var handle = new Handle(Socket(FamilyNetlink, DatagramCloseOnExec | (groups == 0 ? 0 : NonBlocking), protocol));
        if (handle.IsInvalid) throw Failure($"cannot open a netlink socket for the {what}");
        if (groups == 0) return handle;
        // struct sockaddr_nl: family, padding, port (0: the kernel picks), groups.
        var address = stackalloc uint[3];
        address[0] = FamilyNetlink;
        address[1] = 0;
        address[2] = groups;
        if (Bind(handle.Descriptor, address, 12) != 0)
        {
            var failure = Failure($"cannot subscribe to the kernel's notices for the {what}");
            handle.Dispose();
            throw failure;
        }
        return handle;
    }

    public static SensorException Failure(string what) =>
        new($"{what}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    private static partial int Socket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "bind", SetLastError = true)]
    private static partial int Bind(int socket, uint* address, int length);

    [LibraryImport("libc", EntryPoint = "send", SetLastError = true)]
    public static partial nint Send(int socket, byte* buffer, nint length, int flags);

    [LibraryImport("libc", EntryPoint = "recv", SetLastError = true)]
    public static partial nint Recv(int socket, byte* buffer, nint length, int flags);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int CloseDescriptor(int socket);
}
