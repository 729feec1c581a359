namespace Qulo.Tests.Sensors.Devices;

/// <summary>Netlink messages built by hand, as the kernel sends them in a dump.</summary>
internal static class NetlinkMessages
{
    /// <summary>A netlink message: struct nlmsghdr (length, type, flags, sequence, port) and its body, padded to 4 bytes.</summary>
    public static byte[] Message(ushort type, byte[] body, uint sequence = 1)
    {
        var message = new byte[(16 + body.Length + 3) & ~3];
        BitConverter.TryWriteBytes(message.AsSpan(0), 16 + body.Length);
        BitConverter.TryWriteBytes(message.AsSpan(4), type);
        BitConverter.TryWriteBytes(message.AsSpan(8), sequence);
        body.CopyTo(message, 16);
        return message;
    }

    /// <summary>A struct rtattr (length, type) and its payload, padded to 4 bytes.</summary>
    public static byte[] Attribute(ushort type, byte[] payload)
    {
        var attribute = new byte[(4 + payload.Length + 3) & ~3];
        BitConverter.TryWriteBytes(attribute.AsSpan(0), (ushort)(4 + payload.Length));
        BitConverter.TryWriteBytes(attribute.AsSpan(2), type);
        payload.CopyTo(attribute, 4);
        return attribute;
    }

    /// <summary>A NUL-terminated string, as the kernel sends names.</summary>
    public static byte[] CString(string text) => [.. System.Text.Encoding.UTF8.GetBytes(text), 0];
}
