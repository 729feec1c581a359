using System.Diagnostics;

namespace Qulo.Tests.Support;

public sealed record CliResult(int ExitCode, string Stdout, string Stderr);

/// <summary>Runs the real qagent/qmaster executables (copied next to the tests by the project references).</summary>
public static class Executables
{
    public static string Executable(string program) => Path.Combine(AppContext.BaseDirectory, program);

    public static CliResult Run(string program, params string[] arguments)
    {
        using var process = Process.Start(StartInfo(program, arguments))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not exit within 60 s");
        }
        return new CliResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    public static ProcessStartInfo StartInfo(string program, IEnumerable<string> arguments)
    {
        var psi = new ProcessStartInfo(Executable(program))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) psi.ArgumentList.Add(argument);
        return psi;
    }
}

public static class FixturePath
{
    /// <summary>A file under Qulo.Tests/Fixtures, as copied next to the tests.</summary>
    public static string Of(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "Fixtures", .. parts]);
}
