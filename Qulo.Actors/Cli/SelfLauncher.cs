using System.Diagnostics;

namespace Qulo.Actors.Cli;

/// <summary>
/// Starts this same program again, detached, the way `start` daemonised the original: a new session
/// (setsid), standard streams on /dev/null, reparented to init once the shell that launched it exits.
/// </summary>
internal static class SelfLauncher
{
    public static void StartDetached(IEnumerable<string> arguments)
    {
        var command = SelfCommand().Concat(arguments).Select(Quote);
        var psi = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add($"setsid {string.Join(' ', command)} </dev/null >/dev/null 2>&1 &");
        using var shell = Process.Start(psi) ?? throw new InvalidOperationException("cannot start /bin/sh");
        shell.WaitForExit();
    }

    /// <summary>The apphost (qagent) as it is, or `dotnet qagent.dll` when run through the dotnet host.</summary>
    private static IEnumerable<string> SelfCommand()
    {
        var process = Environment.ProcessPath ?? throw new InvalidOperationException("cannot tell this program's path");
        return Path.GetFileNameWithoutExtension(process) == "dotnet"
            ? [process, Environment.GetCommandLineArgs()[0]] // the .dll the dotnet host was given
            : [process];
    }

    private static string Quote(string argument) => "'" + argument.Replace("'", "'\\''") + "'";
}
