using System.Runtime.InteropServices;

namespace Qulo.Actors.Cli;

/// <summary>The process calls .NET lacks: sending SIGTERM or SIGHUP, and asking whether a pid is alive.</summary>
internal static partial class Posix
{
    public const int SIGHUP = 1;
    public const int SIGTERM = 15;
    private const int EPERM = 1;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int signal);

    [LibraryImport("libc")]
    private static partial uint umask(uint mask);

    public static bool Terminate(int pid) => kill(pid, SIGTERM) == 0;

    public static bool Hangup(int pid) => kill(pid, SIGHUP) == 0;

    /// <summary>
    /// umask 027: what the daemon creates without an explicit mode (rotated logs, output files) is not
    /// world-readable, however the shell that started it was set.
    /// </summary>
    public static void RestrictCreatedFileModes() => umask(0b000_010_111);

    /// <summary>Signal 0 checks existence; EPERM means it exists but belongs to someone else.</summary>
    public static bool IsAlive(int pid) => pid > 0 && (kill(pid, 0) == 0 || Marshal.GetLastPInvokeError() == EPERM);
}
