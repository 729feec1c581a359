using Qulo.Actors.Config;
using Qulo.Tests.Support;
using Xunit;

namespace Qulo.Tests.Config;

/// <summary>HOCON that Akka's parser alone would refuse or misread.</summary>
public class HoconSyntaxTests
{
    [Fact]
    public void Objects_separated_by_commas_on_one_line_load_like_objects_on_separate_lines()
    {
        var oneLine = Load("""qulo { naming { hostname = "n1" }, sensors { DiskUsage { path = "/", time_interval = 5 } , LoadAvg { time_interval = 7 } } }""");
        var lines = Load("""
            qulo {
              naming { hostname = "n1" }
              sensors {
                DiskUsage { path = "/", time_interval = 5 }
                LoadAvg { time_interval = 7 }
              }
            }
            """);

        Assert.Equal("n1", oneLine.Naming.Hostname);
        Assert.Equal(lines.Sensors.Select(s => (s.Info.Name, s.Interval)), oneLine.Sensors.Select(s => (s.Info.Name, s.Interval)));
        Assert.Equal([("DiskUsage", 5.0), ("LoadAvg", 7.0)], oneLine.Sensors.Select(s => (s.Info.Name, s.Interval.TotalSeconds)));
        Assert.Equal("/", oneLine.Sensors[0].Options.GetString("path"));
    }

    [Fact]
    public void A_brace_and_comma_inside_a_string_stay_as_written()
    {
        var settings = Load("""qulo { naming { prefix = "a}, b" } }""");
        Assert.Equal("a}, b", settings.Naming.Prefix);
    }

    private static AgentSettings Load(string hocon)
    {
        using var folder = new TempDirectory("qulo-hocon-syntax");
        var file = folder.File("qagent.conf");
        File.WriteAllText(file, hocon);
        return ConfigLoader.LoadAgent(file).Settings;
    }
}
