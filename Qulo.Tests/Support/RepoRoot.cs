namespace Qulo.Tests.Support;

/// <summary>The repository the tests were built from (the folder holding Qulo.sln).</summary>
public static class RepoRoot
{
    public static string Path { get; } = Find();

    public static string File(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (System.IO.File.Exists(System.IO.Path.Combine(dir.FullName, "Qulo.sln"))) return dir.FullName;
        throw new InvalidOperationException("Qulo.sln not found above " + AppContext.BaseDirectory);
    }
}
