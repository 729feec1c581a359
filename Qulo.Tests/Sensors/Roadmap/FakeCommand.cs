using Qulo.Tests.Support;

namespace Qulo.Tests.Sensors.Roadmap;

/// <summary>
/// A recorded run of a command-line tool, replayed by a real process: Fixtures/road-fake-command.sh installed
/// under the tool's name in a folder of the test's own, next to the scenario's recorded stdout, stderr and exit
/// code, and how long it hangs first (Fixtures/&lt;folder&gt;/&lt;scenario&gt;.stdout, .stderr, .exit, .hang, whichever exist). The script writes
/// the arguments it was given to a file, so tests can check how the sensor called the tool.
/// </summary>
internal sealed class FakeCommand : IDisposable
{
    private static readonly string[] RecordedParts = ["stdout", "stderr", "exit", "hang"];
    private readonly TempDirectory _directory = new("qulo-fake-command");

    public FakeCommand(string tool, string fixtureFolder, string scenario)
    {
        Program = _directory.File(tool);
        File.Copy(FixturePath.Of("road-fake-command.sh"), Program);
        File.SetUnixFileMode(Program, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        foreach (var part in RecordedParts)
        {
            var recorded = FixturePath.Of(fixtureFolder, $"{scenario}.{part}");
            if (File.Exists(recorded)) File.Copy(recorded, $"{Program}.{part}");
        }
    }

    /// <summary>The path to give the sensor as its program option.</summary>
    public string Program { get; }

    /// <summary>The arguments of the last run, one per line as the script recorded them.</summary>
    public IReadOnlyList<string> Arguments => File.ReadAllLines(Program + ".args");

    public void Dispose() => _directory.Dispose();

    /// <summary>A path where no program is, as on a node that lacks the tool.</summary>
    public static string Missing(string tool) =>
        Path.Combine(Path.GetTempPath(), "qulo-no-such-folder-" + Guid.NewGuid().ToString("N"), tool);
}
