namespace Qulo.Tests.Support;

/// <summary>A folder of the test's own, removed afterwards.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory(string prefix = "qulo-test") =>
        Path = Directory.CreateTempSubdirectory(prefix + "-").FullName;

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string Write(string name, string content)
    {
        var file = File(name);
        System.IO.File.WriteAllText(file, content);
        return file;
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { /* a daemon may still hold a log open; the OS cleans /tmp */ }
    }
}
