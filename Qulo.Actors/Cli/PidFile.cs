namespace Qulo.Actors.Cli;

/// <summary>The daemon's pid file, as the original's `-p/--pidfile`.</summary>
public sealed class PidFile(string path)
{
    public string Path { get; } = path;

    /// <summary>The pid written in the file, or null when there is no file or it holds no number.</summary>
    public int? Read()
    {
        try
        {
            return int.TryParse(File.ReadAllText(Path).Trim(), out var pid) ? pid : null;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public int? LivePid() => Read() is { } pid && Posix.IsAlive(pid) ? pid : null;

    private const UnixFileMode ReadableByAll = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>Readable by all (status tools read it), writable by the owner only; so is a folder made for it.</summary>
    public void Write(int pid)
    {
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path));
        if (directory is not null && !Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory);
            // Set afterwards: the daemon's umask (027) would take the others' bits off at creation.
            File.SetUnixFileMode(directory, ReadableByAll | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }
        var temporary = Path + ".tmp";
        File.WriteAllText(temporary, pid + "\n");
        File.SetUnixFileMode(temporary, ReadableByAll);
        File.Move(temporary, Path, overwrite: true);
    }

    /// <summary>Removes the file if it still names this pid (a newer instance may own it by now).</summary>
    public void Remove(int pid)
    {
        if (Read() == pid) File.Delete(Path);
    }
}
