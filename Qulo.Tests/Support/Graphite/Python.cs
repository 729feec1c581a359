using System.Diagnostics;

namespace Qulo.Tests.Support.Graphite;

/// <summary>Runs a script with Debian's /usr/bin/python3 (which has carbon, whisper and pickle) and returns its stdout.</summary>
public static class Python
{
    public const string Executable = "/usr/bin/python3";

    public static string Run(string script, params string[] arguments)
    {
        var psi = new ProcessStartInfo(Executable) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("-");
        foreach (var argument in arguments) psi.ArgumentList.Add(argument);
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start " + Executable);
        process.StandardInput.Write(script);
        process.StandardInput.Close();
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"python script failed (exit {process.ExitCode}): {stderr.Result}\n{script}");
        return stdout;
    }
}
