using System.Diagnostics;
using Qulo.Actors.Logging;

namespace Qulo.Actors.Cli;

/// <summary>The background side of the CLI: `start` launches `run` detached and waits for its pid file; `stop` ends it.</summary>
internal static class Daemon
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    public static int Start<TSettings>(DaemonProgram<TSettings> program, string? configFile, string pidPath,
        IReadOnlyList<string> roles, TimeSpan timeout)
    {
        // Everything that can be wrong with the configuration is said here, on the admin's terminal.
        if (!DaemonCommands.TryLoad(program, configFile, out var loaded)) return ExitCodes.Usage;
        var logging = program.Logging(loaded.Settings);
        try
        {
            using var probe = QuloLogging.Create(logging, program.Name, console: false);
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"{program.Name}: {e.Message}");
            return ExitCodes.Failure;
        }

        var pidFile = new PidFile(pidPath);
        if (pidFile.LivePid() is { } running)
        {
            Console.Error.WriteLine($"{program.Name}: already running as pid {running} (pid file {pidPath})");
            return ExitCodes.Failure;
        }
        if (pidFile.Read() is { } stale)
        {
            Console.Error.WriteLine($"{program.Name}: warning: removing stale pid file {pidPath} (pid {stale} is not running)");
            File.Delete(pidPath);
        }

        var arguments = new List<string> { "run", "--pidfile", Path.GetFullPath(pidPath) };
        if (loaded.File is not null) arguments.AddRange(["--config", Path.GetFullPath(loaded.File)]);
        foreach (var role in roles) arguments.AddRange(["--role", role]);
        SelfLauncher.StartDetached(arguments);

        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (pidFile.LivePid() is { } pid)
            {
                Console.WriteLine($"{program.Name} started (pid {pid}, pid file {pidPath}, log {Describe(logging.FileName)})");
                return ExitCodes.Success;
            }
            Thread.Sleep(Poll);
        }
        Console.Error.WriteLine($"{program.Name}: did not start within {timeout.TotalSeconds:0} s; see the log {Describe(logging.FileName)}");
        return ExitCodes.Failure;
    }

    public static int Stop(string name, PidFile pidFile, TimeSpan timeout)
    {
        if (pidFile.Read() is not { } pid)
        {
            Console.WriteLine($"{name} is not running (no pid file {pidFile.Path})");
            return ExitCodes.Success;
        }
        if (!Posix.IsAlive(pid))
        {
            Console.WriteLine($"{name} is not running (removing stale pid file {pidFile.Path} naming pid {pid})");
            File.Delete(pidFile.Path);
            return ExitCodes.Success;
        }
        if (!Posix.Terminate(pid))
        {
            Console.Error.WriteLine($"{name}: cannot signal pid {pid} (permission denied?)");
            return ExitCodes.Failure;
        }
        var clock = Stopwatch.StartNew();
        while (Posix.IsAlive(pid))
        {
            if (clock.Elapsed > timeout)
            {
                Console.Error.WriteLine($"{name}: pid {pid} is still running {timeout.TotalSeconds:0} s after SIGTERM");
                return ExitCodes.Failure;
            }
            Thread.Sleep(Poll);
        }
        Console.WriteLine($"{name} stopped (pid {pid})");
        return ExitCodes.Success;
    }

    private static string Describe(string logFile) => logFile.Length > 0 ? logFile : "(console only: set logging.filename)";
}
