using System.Runtime.InteropServices;

namespace Qulo.Actors.Cli;

/// <summary>The two process calls .NET lacks: sending SIGTERM, and asking whether a pid is alive.</summary>
internal static partial class Posix
{
    public const int SIGTERM = 15;
    private const int EPERM = 1;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int signal);

    public static bool Terminate(int pid) => kill(pid, SIGTERM) == 0;

    /// <summary>Signal 0 checks existence; EPERM means it exists but belongs to someone else.</summary>
    public static bool IsAlive(int pid) => pid > 0 && (kill(pid, 0) == 0 || Marshal.GetLastPInvokeError() == EPERM);
}
