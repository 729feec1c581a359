using System.ComponentModel;
using System.Diagnostics;

namespace Qulo.Actors.Sensors.Commands;

/// <summary>What a finished command printed and how it exited.</summary>
internal sealed record CommandOutput(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Both streams, for error messages and for tools that print their complaints on stdout.</summary>
    public string Combined => (Stdout + "\n" + Stderr).Trim();
}

/// <summary>
/// Runs the command-line tools that some sensors read (nvidia-smi, squeue) with a time limit. The C locale
/// keeps their numbers in the format the parsers expect.
/// </summary>
internal static class ExternalCommand
{
    private const int NoSuchFile = 2;

    /// <summary>
    /// Runs <paramref name="program"/> (a path, or a name looked up on PATH) to the end. Returns null when there
    /// is no such program, which for these tools means the machine does not have that software.
    /// </summary>
    /// <exception cref="SensorException">The program could not be started for another reason, or outran <paramref name="timeout"/>.</exception>
    public static CommandOutput? Run(string program, IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["LC_ALL"] = "C";

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception e) when (e.NativeErrorCode == NoSuchFile)
        {
            return null;
        }
        catch (Win32Exception e)
        {
            throw new SensorException($"cannot run {program}: {e.Message}", e);
        }

        using (process)
        {
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new SensorException($"{program} {string.Join(' ', arguments)} did not finish within {timeout.TotalSeconds} s");
            }
            return new CommandOutput(process.ExitCode, stdout.Result, stderr.Result);
        }
    }
}
