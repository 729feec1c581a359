namespace Qulo.Tests.Operations;

/// <summary>What /proc says about a process the scripts started.</summary>
internal static class Processes
{
    public static bool IsAlive(int pid) => Directory.Exists($"/proc/{pid}") && State(pid) != 'Z';

    /// <summary>Clock ticks after boot at which the process started (field 22 of /proc/PID/stat).</summary>
    public static long StartTime(int pid) => long.Parse(StatFields(pid)[19]);

    private static char State(int pid) => StatFields(pid)[0][0];

    /// <summary>The fields after "PID (comm)": the command name may hold spaces and parentheses.</summary>
    private static string[] StatFields(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    }
}
