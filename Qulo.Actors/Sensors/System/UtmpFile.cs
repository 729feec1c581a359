using System.Buffers.Binary;
using System.Text;
using Qulo.Actors.Sensors.Procfs;

namespace Qulo.Actors.Sensors.SystemInfo;

/// <summary>
/// The login records of a utmp file, as glibc's getutent() returns them to psutil.users(): glibc's struct utmp on
/// Linux x86_64 and aarch64, 384 bytes per record, little-endian.
/// </summary>
public static class UtmpFile
{
    public const int RecordSize = 384;

    /// <summary>ut_type of a logged-in user's session; psutil.users() lists only these.</summary>
    public const short UserProcess = 7;

    // Offsets in struct utmp: short ut_type (padded to 4); pid_t ut_pid; char ut_line[32]; char ut_id[4]; char ut_user[32]; ...
    private const int TypeOffset = 0;
    private const int UserOffset = 44;
    private const int UserLength = 32;

    /// <summary>The user names of the USER_PROCESS records, one per session, in file order.</summary>
    public static IReadOnlyList<string> UserSessions(string path, byte[] content)
    {
        if (content.Length % RecordSize != 0)
            throw ProcFile.Malformed(path, $"{content.Length} bytes is not a whole number of {RecordSize}-byte utmp records");
        var users = new List<string>();
        for (var offset = 0; offset < content.Length; offset += RecordSize)
        {
            var record = content.AsSpan(offset, RecordSize);
            if (BinaryPrimitives.ReadInt16LittleEndian(record[TypeOffset..]) != UserProcess) continue;
            users.Add(NulTerminated(record.Slice(UserOffset, UserLength)));
        }
        return users;
    }

    /// <summary>ut_user is NUL-padded, and not terminated at all when the name fills all 32 bytes.</summary>
    private static string NulTerminated(ReadOnlySpan<byte> field)
    {
        var end = field.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? field : field[..end]);
    }
}
