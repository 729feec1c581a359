using Xunit;
using Qulo.Actors.Config;
using Qulo.Tests.Support;

namespace Qulo.Tests.Config;

/// <summary>The files in hocon/ are what `qagent defaults` / `qmaster defaults` print: documented from the code, never by hand.</summary>
public class ShippedHoconTests
{
    [Theory]
    [InlineData("qagent.conf", QuloProgram.Agent)]
    [InlineData("qmaster.conf", QuloProgram.Master)]
    public void Shipped_file_is_the_generated_documentation(string file, QuloProgram program)
    {
        var shipped = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "hocon", file));
        Assert.True(ConfigDocumentation.Hocon(program) == shipped,
            $"hocon/{file} is out of date: regenerate it with `bin/{Path.GetFileNameWithoutExtension(file)} defaults > hocon/{file}`");
    }

    [Theory]
    [InlineData("qagent.conf", QuloProgram.Agent)]
    [InlineData("qmaster.conf", QuloProgram.Master)]
    public void Shipped_file_loads_to_the_defaults(string file, QuloProgram program)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "hocon", file);
        var fromFile = program == QuloProgram.Agent ? ConfigLoader.LoadAgent(path).Effective : ConfigLoader.LoadMaster(path).Effective;
        var defaults = program == QuloProgram.Agent ? ConfigLoader.BuildAgent(new RawConfig(null)).Effective : ConfigLoader.BuildMaster(new RawConfig(null)).Effective;
        Assert.Equal(defaults.Select(s => (s.Key, s.Value)), fromFile.Select(s => (s.Key, s.Value)));
        Assert.All(fromFile.Where(s => !s.Key.StartsWith("sensors.") || s.Key.EndsWith(ConfigSchema.TimeInterval)),
            s => Assert.StartsWith(path, s.Origin));
    }
}
