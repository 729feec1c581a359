using System.Buffers;
using System.Runtime.InteropServices;

namespace Qulo.Actors.Sensors.Net;

/// <summary>TCP sockets of this network namespace per family and state, as /proc/net/tcp and /proc/net/tcp6 list them.</summary>
public sealed class TcpSocketCounts
{
    public const int StateCount = 11;

    /// <summary>Sockets per kernel state code (1 ESTABLISHED to 11 CLOSING) at index code - 1.</summary>
    public int[] IPv4 { get; } = new int[StateCount];

    /// <inheritdoc cref="IPv4"/>
    public int[] IPv6 { get; } = new int[StateCount];
}

/// <summary>
/// The kernel's inet_diag socket dump over netlink, for TCP. Reading /proc/net/tcp walks every bucket of the
/// established hash table (262,144 on a 24 GiB machine: ~2 ms, nearly all of it empty buckets), and
/// /proc/net/tcp6 walks it again. The original inet_diag request (TCPDIAG_GETSOCK) dumps both families in one
/// walk: half the cost of NetConnections' default kind, its largest cost on an agent.
/// </summary>
internal static unsafe partial class TcpSocketDump
{
    private const int FamilyNetlink = 16, FamilyIPv4 = 2, FamilyIPv6 = 10;   // AF_NETLINK, AF_INET, AF_INET6
    private const int DatagramCloseOnExec = 2 | 0x80000;                   // SOCK_DGRAM | SOCK_CLOEXEC
    private const int ProtocolInetDiag = 4;                                 // NETLINK_INET_DIAG
    private const ushort RequestTcp = 18;                                   // TCPDIAG_GETSOCK: AF_INET and AF_INET6 together
    private const ushort FlagsDumpRequest = 0x1 | 0x300;                    // NLM_F_REQUEST | NLM_F_DUMP
    private const ushort MessageError = 2, MessageDone = 3;                 // NLMSG_ERROR, NLMSG_DONE
    private const int HeaderSize = 16;                                      // struct nlmsghdr
    private const int RequestSize = 60;                                     // struct inet_diag_req
    private const int StatesOffset = 52;                                    // inet_diag_req.idiag_states
    private const int ErrorInterrupted = 4;                                 // EINTR

    /// <summary>
    /// States 1-11 and 12, TCP_NEW_SYN_RECV: the kernel reports those request sockets as SYN_RECV, as /proc/net/tcp
    /// does. Not 13, TCP_BOUND_INACTIVE (bound, never listening or connected), which /proc/net/tcp does not list.
    /// </summary>
    private const uint ListedStates = 0x1FFE;

    [StructLayout(LayoutKind.Sequential)]
    private struct MessageHeader
    {
        public uint Length;
        public ushort Type;
        public ushort Flags;
        public uint Sequence;
        public uint Port;
    }

    /// <summary>Counts every TCP socket once; a <see cref="SensorException"/> naming the dump when the kernel refuses it.</summary>
    public static TcpSocketCounts Count()
    {
        var socket = Socket(FamilyNetlink, DatagramCloseOnExec, ProtocolInetDiag);
        if (socket < 0) throw Failure("cannot open a netlink inet_diag socket");
        try
        {
            Send(socket);
            return Receive(socket);
        }
        finally
        {
            Close(socket);
        }
    }

    private static void Send(int socket)
    {
        var message = stackalloc byte[HeaderSize + RequestSize];
        new Span<byte>(message, HeaderSize + RequestSize).Clear();
        *(MessageHeader*)message = new MessageHeader { Length = HeaderSize + RequestSize, Type = RequestTcp, Flags = FlagsDumpRequest, Sequence = 1 };
        *(uint*)(message + HeaderSize + StatesOffset) = ListedStates;
        if (SendTo(socket, message, HeaderSize + RequestSize, 0) != HeaderSize + RequestSize)
            throw Failure("cannot send the inet_diag dump request");
    }

    private static TcpSocketCounts Receive(int socket)
    {
        var counts = new TcpSocketCounts();
        // Larger than any dump message the kernel builds (at most 32 KiB), so none arrives truncated.
        var buffer = ArrayPool<byte>.Shared.Rent(65536);
        try
        {
            while (true)
            {
                nint received;
                fixed (byte* start = buffer) received = Recv(socket, start, buffer.Length, 0);
                if (received < 0 && Marshal.GetLastPInvokeError() == ErrorInterrupted) continue;
                if (received < 0) throw Failure("cannot receive the inet_diag dump");
                if (received == 0) throw new SensorException("the inet_diag dump ended without its closing message");
                if (Tally(buffer.AsSpan(0, (int)received), counts)) return counts;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Counts the sockets of one datagram of the dump; true when it holds the dump's end.</summary>
    internal static bool Tally(ReadOnlySpan<byte> datagram, TcpSocketCounts counts)
    {
        for (var offset = 0; offset + HeaderSize <= datagram.Length;)
        {
            var header = MemoryMarshal.Read<MessageHeader>(datagram[offset..]);
            if (header.Length < HeaderSize || offset + header.Length > datagram.Length)
                throw new SensorException($"the inet_diag dump sent a malformed message of {header.Length} bytes");
            var body = datagram.Slice(offset + HeaderSize, (int)header.Length - HeaderSize);
            // NLMSG_ERROR and NLMSG_DONE carry the kernel's error code (a negative errno): a dump that stopped
            // early ends with it, and its counts must not pass for complete ones.
            var error = body.Length >= sizeof(int) ? MemoryMarshal.Read<int>(body) : 0;
            if (header.Type == MessageError || (header.Type == MessageDone && error < 0))
                throw new SensorException($"the kernel refused the inet_diag dump: {Marshal.GetPInvokeErrorMessage(-error)}");
            if (header.Type == MessageDone) return true;
            // Sockets come in messages of the request's type; struct inet_diag_msg starts with family and state.
            if (header.Type == RequestTcp) Count(counts, body);
            offset += (int)((header.Length + 3) & ~3u);
        }
        return false;
    }

    private static void Count(TcpSocketCounts counts, ReadOnlySpan<byte> socket)
    {
        if (socket.Length < 2)
            throw new SensorException($"the inet_diag dump sent a socket message of {socket.Length} bytes");
        var perState = socket[0] switch
        {
            FamilyIPv4 => counts.IPv4,
            FamilyIPv6 => counts.IPv6,
            var family => throw new SensorException($"the inet_diag dump listed a socket of address family {family}"),
        };
        if (socket[1] is 0 or > TcpSocketCounts.StateCount)
            throw new SensorException($"the inet_diag dump listed a TCP socket in state {socket[1]}");
        perState[socket[1] - 1]++;
    }

    private static SensorException Failure(string what) =>
        new($"{what}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    private static partial int Socket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "send", SetLastError = true)]
    private static partial nint SendTo(int socket, byte* buffer, nint length, int flags);

    [LibraryImport("libc", EntryPoint = "recv", SetLastError = true)]
    private static partial nint Recv(int socket, byte* buffer, nint length, int flags);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int socket);
}
