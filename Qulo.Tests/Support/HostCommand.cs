using System.Diagnostics;
using Xunit;

namespace Qulo.Tests.Support;

/// <summary>A command that changes this machine for a test (an address, a mount), which must succeed.</summary>
internal static class HostCommand
{
    /// <param name="why">What the test does with the machine, said when the command fails (most need root).</param>
    public static void Run(string why, string program, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {error} ({why}: run it as root)");
    }
}
