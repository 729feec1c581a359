using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Serilog;

namespace Qulo.Actors.Sensors.Disk;

/// <summary>
/// Counts the changes of a mount table (/proc/self/mounts) as the kernel announces them: a thread of its own
/// waits in poll(2) for POLLPRI on the open table, which the kernel raises at every mount and unmount in the
/// namespace. A sample then learns whether the table changed from a counter, without a system call; the
/// thread wakes only when mounts change. It counts a change microseconds after the mount call returns, where
/// a poll at each sample saw it at once; a mount DiskUsage must keep off the sampling thread (NFS) has to be
/// made, and then lose its server, before it can hang a statvfs.
/// One watch per table for the whole process, so a sensor restarted by its supervisor finds the one it had.
/// A fixture's table, a regular file, never signals: its thread waits for good, and the table is read once.
/// </summary>
internal sealed partial class MountTableWatch
{
    private const short PollPriority = 0x2, PollError = 0x8; // POLLPRI, POLLERR: the mount table changed
    private const int OpenReadOnly = 0, OpenCloseOnExec = 0x80000;
    private const int ErrorInterrupted = 4;

    private static readonly ConcurrentDictionary<string, Lazy<MountTableWatch?>> Watches = new(StringComparer.Ordinal);

    private readonly string _table;
    private readonly int _descriptor;
    private int _changes;
    private volatile bool _broken;

    private MountTableWatch(string table, int descriptor)
    {
        (_table, _descriptor) = (table, descriptor);
        new Thread(Watch, maxStackSize: 256 * 1024) { IsBackground = true, Name = "qulo-mount-watch" }.Start();
    }

    /// <summary>How many changes the kernel announced since the watch began.</summary>
    public int Changes => Volatile.Read(ref _changes);

    /// <summary>True once the wait failed: from then on only reading the table at each sample tells what it holds.</summary>
    public bool Broken => _broken;

    /// <summary>
    /// The watch of <paramref name="table"/>, begun on first use; null when the table cannot be opened. The table
    /// is opened before the caller reads it, so every change after that read is counted.
    /// </summary>
    public static MountTableWatch? For(string table) =>
        Watches.GetOrAdd(table, path => new Lazy<MountTableWatch?>(() => Open(path))).Value;

    private static MountTableWatch? Open(string table)
    {
        var descriptor = NativeOpen(table, OpenReadOnly | OpenCloseOnExec);
        return descriptor < 0 ? null : new MountTableWatch(table, descriptor);
    }

    private unsafe void Watch()
    {
        var request = new PollRequest { Descriptor = _descriptor, Events = PollPriority };
        while (true)
        {
            // poll(2) on the table takes the change it reports as seen, so the next wait lasts until the next change.
            var ready = Poll(&request, 1, -1);
            if (ready > 0 && (request.ReturnedEvents & (PollPriority | PollError)) != 0)
            {
                Interlocked.Increment(ref _changes);
                continue;
            }
            var error = ready < 0 ? Marshal.GetLastPInvokeError() : 0;
            if (error == ErrorInterrupted) continue;
            // Anything else would come back at once from every further wait: stop rather than spin.
            _broken = true;
            Log.ForContext<MountTableWatch>().Warning("Watching {Table} for mounts failed ({Problem}); DiskUsage reads it at every sample instead",
                _table, ready < 0 ? Marshal.GetPInvokeErrorMessage(error) : $"poll returned events 0x{request.ReturnedEvents:x}");
            return;
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollRequest
    {
        public int Descriptor;
        public short Events;
        public short ReturnedEvents;
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int NativeOpen(string path, int flags);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static unsafe partial int Poll(PollRequest* requests, nuint count, int timeoutMilliseconds);
}
