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

    /// <summary>Readable by all (status tools read it), writable by the owner only.</summary>
    public void Write(int pid)
    {
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path));
        if (directory is not null) Directory.CreateDirectory(directory);
        var temporary = Path + ".tmp";
        File.WriteAllText(temporary, pid + "\n");
        File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        File.Move(temporary, Path, overwrite: true);
    }

    /// <summary>Removes the file if it still names this pid (a newer instance may own it by now).</summary>
    public void Remove(int pid)
    {
        if (Read() == pid) File.Delete(Path);
    }
}
