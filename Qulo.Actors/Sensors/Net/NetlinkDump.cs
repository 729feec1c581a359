using System.Buffers;
using System.Runtime.InteropServices;

namespace Qulo.Actors.Sensors.Net;

/// <summary>
/// A netlink socket that asks the kernel for dumps (every TCP socket, every link, every address) and hands their
/// messages over one by one. Sensors use it where the usual way costs more than the question: /proc/net/tcp walks
/// the whole established hash table once per family; getifaddrs(3) opens a socket and has the kernel fill in every
/// link's statistics on every call.
/// </summary>
internal sealed unsafe class NetlinkDump : IDisposable
{
    /// <summary>Called for each message of a dump other than its end: the message type and what follows its header.</summary>
    public delegate void MessageHandler(ushort type, ReadOnlySpan<byte> body);

    public const int HeaderSize = 16;         // struct nlmsghdr

    private const ushort FlagsDumpRequest = 0x1 | 0x300;     // NLM_F_REQUEST | NLM_F_DUMP
    private const ushort MessageError = 2, MessageDone = 3;  // NLMSG_ERROR, NLMSG_DONE
    /// <summary>Larger than any dump datagram the kernel builds (at most 32 KiB), so none arrives truncated.</summary>
    private const int ReceiveSize = 65536;

    [StructLayout(LayoutKind.Sequential)]
    private struct MessageHeader
    {
        public uint Length;
        public ushort Type;
        public ushort Flags;
        public uint Sequence;
        public uint Port;
    }

    private readonly Netlink.Handle _socket;
    private uint _sequence;

    /// <param name="what">Names the socket's purpose in an error: "inet_diag dump".</param>
    public NetlinkDump(int protocol, string what) => _socket = Netlink.Open(protocol, groups: 0, what);

    /// <summary>Sends a dump request of <paramref name="type"/> with <paramref name="request"/> after the header, and reads the dump to its end.</summary>
    /// <param name="what">Names the dump in errors: "inet_diag dump".</param>
    public void Run(ushort type, ReadOnlySpan<byte> request, string what, MessageHandler onMessage)
    {
        Send(type, request, what);
        var buffer = ArrayPool<byte>.Shared.Rent(ReceiveSize);
        try
        {
            while (true)
            {
                nint received;
                fixed (byte* start = buffer) received = Netlink.Recv(_socket.Descriptor, start, buffer.Length, 0);
                if (received < 0 && Marshal.GetLastPInvokeError() == Netlink.ErrorInterrupted) continue;
                if (received < 0) throw Netlink.Failure($"cannot receive the {what}");
                if (received == 0) throw new SensorException($"the {what} ended without its closing message");
                if (Parse(buffer.AsSpan(0, (int)received), what, onMessage, _sequence)) return;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public void Dispose() => _socket.Dispose();

    private void Send(ushort type, ReadOnlySpan<byte> request, string what)
    {
        var length = HeaderSize + request.Length;
        var message = stackalloc byte[length];
        *(MessageHeader*)message = new MessageHeader { Length = (uint)length, Type = type, Flags = FlagsDumpRequest, Sequence = ++_sequence };
        request.CopyTo(new Span<byte>(message + HeaderSize, request.Length));
        if (Netlink.Send(_socket.Descriptor, message, length, 0) != length) throw Netlink.Failure($"cannot send the {what} request");
    }

    /// <summary>Hands over the messages of one datagram of a dump; true when it holds the dump's end.</summary>
    /// <param name="sequence">The request's number: messages with another (the rest of a dump a failed read left behind) are skipped.</param>
    internal static bool Parse(ReadOnlySpan<byte> datagram, string what, MessageHandler onMessage, uint? sequence = null)
    {
        for (var offset = 0; offset + HeaderSize <= datagram.Length;)
        {
            var header = MemoryMarshal.Read<MessageHeader>(datagram[offset..]);
            if (header.Length < HeaderSize || offset + header.Length > datagram.Length)
                throw new SensorException($"the {what} sent a malformed message of {header.Length} bytes");
            var body = datagram.Slice(offset + HeaderSize, (int)header.Length - HeaderSize);
            offset += (int)((header.Length + 3) & ~3u);
            if (sequence is { } expected && header.Sequence != expected) continue;
            // NLMSG_ERROR and NLMSG_DONE carry the kernel's error code (a negative errno): a dump that stopped
            // early ends with it, and what it sent so far must not pass for the whole.
            var error = body.Length >= sizeof(int) ? MemoryMarshal.Read<int>(body) : 0;
            if (header.Type == MessageError || (header.Type == MessageDone && error < 0))
                throw new SensorException($"the kernel refused the {what}: {Marshal.GetPInvokeErrorMessage(-error)}");
            if (header.Type == MessageDone) return true;
            onMessage(header.Type, body);
        }
        return false;
    }
}

/// <summary>The attributes after a netlink message's fixed part (struct rtattr: length, type, payload, 4-byte aligned).</summary>
internal ref struct NetlinkAttributes(ReadOnlySpan<byte> attributes, string what)
{
    private const int HeaderSize = 4;
    /// <summary>NLA_F_NESTED and NLA_F_NET_BYTEORDER, flags in the type's top bits.</summary>
    private const ushort TypeMask = 0x3FFF;

    private ReadOnlySpan<byte> _rest = attributes;

    public bool Next(out ushort type, out ReadOnlySpan<byte> payload)
    {
        if (_rest.Length < HeaderSize)
        {
            type = 0;
            payload = default;
            return false;
        }
        var length = MemoryMarshal.Read<ushort>(_rest);
        if (length < HeaderSize || length > _rest.Length)
            throw new SensorException($"the {what} sent a malformed attribute of {length} bytes");
        type = (ushort)(MemoryMarshal.Read<ushort>(_rest[2..]) & TypeMask);
        payload = _rest[HeaderSize..length];
        _rest = _rest[Math.Min(_rest.Length, (length + 3) & ~3)..];
        return true;
    }
}
