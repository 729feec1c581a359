using System.Diagnostics;

namespace Qulo.Tests.Sensors.Roadmap;

/// <summary>Runs a helper program of an end-to-end test (gcc, sbatch, qagent) to the end and returns its stdout.</summary>
internal static class ToolProcess
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public static ProcessStartInfo StartInfo(string program, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        return start;
    }

    /// <summary>The program's stdout; an exception with its stderr when it fails, or when it outruns <see cref="Patience"/>.</summary>
    public static string Output(ProcessStartInfo start)
    {
        var command = $"{start.FileName} {string.Join(' ', start.ArgumentList)}";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Patience))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{command} did not finish within {Patience.TotalSeconds} s");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{command} exited with {process.ExitCode}: {stderr.Result}");
        return stdout.Result;
    }
}
