using Qulo.Actors.Sensors.Procfs;
using System.Text;
using Qulo.Actors.Sensors.Sysfs;

namespace Qulo.Actors.Sensors.Disk;

/// <summary>One line of /proc/self/mounts, with getmntent's octal escapes decoded.</summary>
internal sealed record MountEntry(string Device, string MountPoint, string FsType, string Options);

/// <summary>Reads the mount table and the kernel's list of file system types.</summary>
internal static class MountTable
{
    public static IReadOnlyList<MountEntry> Read(string path) =>
        SysfsFile.ReadLines(path).Select(line =>
        {
            var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            return fields.Length >= 4
                ? new MountEntry(Unescape(fields[0]), Unescape(fields[1]), Unescape(fields[2]), Unescape(fields[3]))
                : throw ProcFile.Malformed(path, $"expected a mount line 'device mountpoint fstype options ...' but found \'{line.Trim()}\'");
        }).ToList();

    /// <summary>
    /// The types backed by a device (lines of /proc/filesystems without "nodev"), plus zfs, which the
    /// kernel lists as nodev but psutil counts as physical.
    /// </summary>
    public static IReadOnlySet<string> DeviceFileSystems(ReadOnlySpan<byte> text)
    {
        var types = new HashSet<string>(StringComparer.Ordinal);
        var lines = new Lines(text);
        while (lines.Next(out var line))
        {
            // "nodev\tsysfs" or "\text4": the columns between tabs, of which the first and the last matter.
            var tab = line.IndexOf((byte)'\t');
            var first = (tab < 0 ? line : line[..tab]).Trim(" \r"u8);
            var second = tab < 0 ? default : line[(tab + 1)..];
            second = (second.IndexOf((byte)'\t') is var next and >= 0 ? second[..next] : second).Trim(" \r"u8);
            var last = line[(line.LastIndexOf((byte)'\t') + 1)..].Trim(" \r"u8);
            if (!first.SequenceEqual("nodev"u8) || (tab >= 0 && second.SequenceEqual("zfs"u8)))
                types.Add(ProcFile.Text(last));
        }
        return types;
    }

    /// <summary>The kernel writes space, tab, newline and backslash in mount fields as \040, \011, \012, \134.</summary>
    internal static string Unescape(string field)
    {
        if (!field.Contains('\\')) return field;
        var sb = new StringBuilder(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && IsOctal(field, i + 1))
            {
                sb.Append((char)Convert.ToInt32(field.Substring(i + 1, 3), 8));
                i += 3;
            }
            else sb.Append(field[i]);
        }
        return sb.ToString();
    }

    private static bool IsOctal(string s, int start) =>
        start + 3 <= s.Length && s.Skip(start).Take(3).All(c => c is >= '0' and <= '7');
}
