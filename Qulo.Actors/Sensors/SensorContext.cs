namespace Qulo.Actors.Sensors;

/// <summary>
/// Where a sensor reads from (like node_exporter's --path.procfs/--path.sysfs) and its validated options.
/// Tests point the roots at captured fixture trees.
/// </summary>
public sealed record SensorContext(FileSystemRoots Roots, SensorOptions Options);

/// <summary>Roots of the pseudo file systems and files a sensor reads.</summary>
public sealed record FileSystemRoots(string Proc = "/proc", string Sys = "/sys", string Utmp = "/var/run/utmp")
{
    public static FileSystemRoots Live { get; } = new();

    public string ProcPath(string relative) => Path.Combine(Proc, relative);
    public string SysPath(string relative) => Path.Combine(Sys, relative);
}
