using Qulo.Actors.Sensors;

namespace Qulo.Tests.Sensors.SystemSensors;

/// <summary>A private, editable copy of a fixture shape (or an empty tree), deleted on dispose.</summary>
public sealed class ScratchTree : IDisposable
{
    private ScratchTree(string directory) => Directory = directory;

    public string Directory { get; }

    public FileSystemRoots Roots => SysFixture.RootsUnder(Directory);

    public static ScratchTree Empty()
    {
        var directory = Path.Combine(Path.GetTempPath(), "qulo-sys-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Path.Combine(directory, "proc"));
        return new ScratchTree(directory);
    }

    public static ScratchTree CopyOf(string shape)
    {
        var tree = Empty();
        var source = SysFixture.Directory(shape);
        foreach (var file in System.IO.Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(tree.Directory, Path.GetRelativePath(source, file));
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return tree;
    }

    public string PathOf(string relative) => Path.Combine(Directory, relative);

    public void Write(string relative, string content)
    {
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(PathOf(relative))!);
        File.WriteAllText(PathOf(relative), content);
    }

    public void Delete(string relative) => File.Delete(PathOf(relative));

    public void CopyInto(string fromRelative, string toRelative) => File.Copy(PathOf(fromRelative), PathOf(toRelative), overwrite: true);

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
