using Qulo.Actors.Config;
using Qulo.Tests.Support;
using Xunit;

namespace Qulo.Tests.Config;

/// <summary>The README's configuration table names every setting the code reads.</summary>
public class ReadmeTests
{
    [Fact]
    public void Readme_documents_every_setting()
    {
        var readme = File.ReadAllText(RepoRoot.File("README.md"));
        var missing = ConfigSchema.All.Where(s => !readme.Contains($"| `{s.Key}` |")).Select(s => s.Key).ToList();
        Assert.True(missing.Count == 0, "README.md lacks: " + string.Join(", ", missing));
    }
}
