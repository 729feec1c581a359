using System.Diagnostics;
using Qulo.Tests.Support;

namespace Qulo.Tests.Operations;

/// <summary>Runs the repository's shell scripts (bin/qulo, scripts/install.sh) as an admin would.</summary>
public static class Scripts
{
    public static string PathOf(string relative) => RepoRoot.File(relative);

    public static CliResult Run(string relative, IEnumerable<string> arguments, TimeSpan? timeout = null,
        IReadOnlyDictionary<string, string>? environment = null) =>
        Exec(PathOf(relative), arguments, timeout, environment);

    /// <summary>Runs a program from the repository root and waits for it (two minutes unless told).</summary>
    public static CliResult Exec(string program, IEnumerable<string> arguments, TimeSpan? timeout = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoRoot.Path,
        };
        foreach (var argument in arguments) psi.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) psi.Environment[name] = value;
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var limit = timeout ?? TimeSpan.FromMinutes(2);
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not exit within {limit.TotalSeconds:0} s");
        }
        return new CliResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Writes a stand-in command (fake ssh, systemctl) the scripts can run.</summary>
    public static string WriteExecutable(string path, string content)
    {
        File.WriteAllText(path, content);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    public static UnixFileMode ModeOf(string path) => File.GetUnixFileMode(path);

    /// <summary>Octal, as ls and chmod write modes, so a failed assertion reads 0644 rather than a flag list.</summary>
    public static string Octal(UnixFileMode mode) => Convert.ToString((int)mode, 8).PadLeft(4, '0');
}
