using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Qulo.Actors.Sensors.Procfs;

/// <summary>
/// A procfs or sysfs file that a sensor reads at every sample, kept open between samples. A read from
/// offset 0 makes the kernel generate the content afresh (seq_file restarts at position 0, sysfs calls the
/// attribute's show again), so each sample sees fresh data without the open and close, which cost as much
/// as the read itself for small files. The content lands in a buffer reused from sample to sample.
/// Nothing throws on the normal path: open and pread are called directly and report errno, because
/// sysfs refuses some attributes (speed and duplex of a down NIC: EINVAL) at every sample.
/// A handle whose file went away (a removed NIC: ENODEV) is reopened once; if that fails, the read fails.
/// </summary>
/// <param name="layout">How the kernel hands the file out, which tells whether a short read is its end (<see cref="Layout"/>).</param>
internal sealed partial class KeptFile(string path, KeptFile.Layout layout = KeptFile.Layout.Unknown)
{
    /// <summary>
    /// Knowing when a read reached the end saves the read that would confirm it: a system call, or on
    /// /proc/net/tcp a second walk of every bucket of the socket hash tables (milliseconds).
    /// </summary>
    public enum Layout
    {
        /// <summary>The end is the read that returns nothing.</summary>
        Unknown,

        /// <summary>
        /// Written whole by one show into the seq_file buffer (single_open files such as /proc/stat and
        /// /proc/meminfo, sysfs attributes), or a regular file (a fixture): a read shorter than asked is the end.
        /// </summary>
        WholeInOneRead,

        /// <summary>
        /// A seq_file of many lines shorter than <see cref="LongestLine"/> bytes (/proc/net/tcp, /proc/net/dev):
        /// each read gives at most a page (the seq_file buffer), filled until the next line does not fit, so a
        /// read that falls short of a page by more than a line is the end.
        /// </summary>
        PagedLines,
    }

    public const int LongestLine = 512;

    private const int OpenReadOnly = 0, OpenCloseOnExec = 0x80000; // O_RDONLY | O_CLOEXEC (x86-64 and arm64)
    private const int ErrorInvalidArgument = 22;                    // EINVAL: the attribute refuses reading, the file is fine
    private const int ErrorInterrupted = 4;                         // EINTR
    private const int ErrorNoEntry = 2, ErrorNotDirectory = 20;     // ENOENT, ENOTDIR: no such file

    private SafeFileHandle? _handle;
    private byte[] _buffer = new byte[4096];
    private int _length;
    private int _lastError;

    public string Path => path;

    /// <summary>The whole content; a <see cref="SensorException"/> naming the file when it is missing or unreadable.</summary>
    public ReadOnlySpan<byte> Read() => TryRead(out var content) ? content : throw Failure();

    /// <summary>False when the file does not exist (the machine lacks that source); other failures throw naming it.</summary>
    public bool ReadIfExists(out ReadOnlySpan<byte> content) =>
        TryRead(out content) || (_lastError is ErrorNoEntry or ErrorNotDirectory ? false : throw Failure());

    /// <summary>The whole content; false when the file is missing or the kernel refuses to read it.</summary>
    public bool TryRead(out ReadOnlySpan<byte> content)
    {
        var read = Fill() || (_lastError != ErrorInvalidArgument && Reopen() && Fill());
        content = read ? _buffer.AsSpan(0, _length) : default;
        return read;
    }

    private SensorException Failure() => new($"cannot read {path}: {Marshal.GetPInvokeErrorMessage(_lastError)}");

    /// <summary>Lets the handle go (the next read opens the file again), for a sensor that would otherwise keep too many open.</summary>
    public void Close()
    {
        _handle?.Dispose();
        _handle = null;
    }

    private bool Reopen()
    {
        Close();
        return Open();
    }

    private bool Open()
    {
        var fd = NativeOpen(path, OpenReadOnly | OpenCloseOnExec);
        if (fd < 0)
        {
            _lastError = Marshal.GetLastPInvokeError();
            return false;
        }
        _handle = new SafeFileHandle(fd, ownsHandle: true);
        return true;
    }

    /// <summary>Reads from offset 0 until end of file, growing the buffer for a file larger than it.</summary>
    private bool Fill()
    {
        if (_handle is null && !Open()) return false;
        _length = 0;
        while (true)
        {
            // Paged, every read must have room for a page, or a short read would not mean the end.
            while (_buffer.Length - _length < (layout == Layout.PagedLines ? Environment.SystemPageSize : 1))
                Array.Resize(ref _buffer, _buffer.Length * 2);
            var asked = _buffer.Length - _length;
            var read = NativeRead(_handle!, ref _buffer[_length], asked, _length);
            if (read == 0) return true;
            if (read > 0)
            {
                _length += (int)read;
                if (layout == Layout.WholeInOneRead && read < asked) return true;
                if (layout == Layout.PagedLines && read < Environment.SystemPageSize - LongestLine) return true;
                continue;
            }
            _lastError = Marshal.GetLastPInvokeError();
            if (_lastError != ErrorInterrupted) return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int NativeOpen(string path, int flags);

    [LibraryImport("libc", EntryPoint = "pread", SetLastError = true)]
    private static partial nint NativeRead(SafeFileHandle handle, ref byte buffer, nint count, long offset);
}
