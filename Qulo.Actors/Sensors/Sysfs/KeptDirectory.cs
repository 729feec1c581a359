using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Qulo.Actors.Sensors.Sysfs;

/// <summary>
/// A sysfs directory whose entries a sensor lists at every sample, kept open like <see cref="Procfs.KeptFile"/>:
/// each listing rewinds the handle and reads the entries afresh with getdents64(2) into a reused buffer,
/// rather than opening, stat-ing and closing the directory through System.IO. A directory that is missing
/// (no such device class on this machine) lists nothing and is looked for again at the next sample.
/// </summary>
internal sealed partial class KeptDirectory(string path)
{
    private const int OpenReadOnly = 0, OpenCloseOnExec = 0x80000; // O_RDONLY | O_CLOEXEC (x86-64 and arm64)
    private const int SeekSet = 0;
    /// <summary>struct linux_dirent64: d_ino (8), d_off (8), d_reclen (2), d_type (1), then the name, NUL-terminated.</summary>
    private const int RecordLengthOffset = 16, NameOffset = 19;

    private SafeFileHandle? _handle;
    private readonly byte[] _buffer = new byte[8192];

    public string Path => path;

    /// <summary>The first entry name in ordinal order that <paramref name="wanted"/> accepts ("." and ".." left out), or null.</summary>
    public string? FirstMatching(Func<string, bool> wanted)
    {
        string? first = null;
        foreach (var name in Names())
            if (wanted(name) && (first is null || string.CompareOrdinal(name, first) < 0)) first = name;
        return first;
    }

    private List<string> Names()
    {
        var names = new List<string>();
        if (!Rewind()) return names;
        nint read;
        while ((read = GetDents(_handle!, ref _buffer[0], _buffer.Length)) > 0)
        {
            for (var offset = 0; offset < read;)
            {
                var record = _buffer.AsSpan(offset, BitConverter.ToUInt16(_buffer, offset + RecordLengthOffset));
                var name = record[NameOffset..];
                name = name[..name.IndexOf((byte)0)];
                if (!name.SequenceEqual("."u8) && !name.SequenceEqual(".."u8)) names.Add(Encoding.UTF8.GetString(name));
                offset += record.Length;
            }
        }
        if (read < 0) Close(); // the directory went away: look for it afresh next time
        return names;
    }

    /// <summary>Back to the first entry, opening the directory when not open yet; false when it does not exist or cannot be opened.</summary>
    private bool Rewind()
    {
        if (_handle is not null && Seek(_handle, 0, SeekSet) == 0) return true;
        Close();
        var fd = Open(path, OpenReadOnly | OpenCloseOnExec);
        if (fd < 0) return false;
        _handle = new SafeFileHandle(fd, ownsHandle: true);
        return true;
    }

    private void Close()
    {
        _handle?.Dispose();
        _handle = null;
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "lseek")]
    private static partial long Seek(SafeFileHandle handle, long offset, int whence);

    [LibraryImport("libc", EntryPoint = "getdents64")]
    private static partial nint GetDents(SafeFileHandle handle, ref byte buffer, nint count);
}
