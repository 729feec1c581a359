using Xunit;
using Qulo.Actors.Config;
using Qulo.Tests.Support;

namespace Qulo.Tests.Config;

/// <summary>The seed README's example INI files load unchanged, to exactly the settings of their HOCON equivalents.</summary>
public class SeedFilesTests
{
    [Fact]
    public void Seed_qmaster_ini_loads_like_its_hocon_equivalent()
    {
        var ini = ConfigLoader.LoadMaster(FixturePath.Of("config", "seed-qmaster.conf"));
        var hocon = ConfigLoader.LoadMaster(FixturePath.Of("config", "seed-qmaster.hocon"));

        Assert.Equal(Values(hocon.Effective), Values(ini.Effective));
        var settings = ini.Settings;
        Assert.Equal(new MasterEndpoint("localhost", 7888), settings.Bind);
        Assert.Equal([new CarbonDestination("localhost", 2004)], settings.Graphite.Destinations);
        Assert.Equal(new LoggingSettings("/tmp/qmaster.log", 1073741824, 10, QuloLogLevel.DEBUG), settings.Logging);
    }

    [Fact]
    public void Seed_qagent_ini_loads_like_its_hocon_equivalent()
    {
        var ini = ConfigLoader.LoadAgent(FixturePath.Of("config", "seed-qagent.conf"));
        var hocon = ConfigLoader.LoadAgent(FixturePath.Of("config", "seed-qagent.hocon"));

        Assert.Equal(Values(hocon.Effective), Values(ini.Effective));
        Assert.Equal(new MasterEndpoint("localhost", 7888), ini.Settings.Master);
        Assert.Equal(new LoggingSettings("/tmp/qagent.log", 1073741824, 10, QuloLogLevel.DEBUG), ini.Settings.Logging);
        Assert.Equal(
            Defaults.SeedSensors.Select(s => (s.Sensor, TimeSpan.FromSeconds(s.IntervalSeconds))),
            ini.Settings.Sensors.Select(s => (s.Info.Name, s.Interval)));
    }

    [Fact]
    public void The_seed_ini_files_name_their_origin_file_and_line()
    {
        var ini = ConfigLoader.LoadMaster(FixturePath.Of("config", "seed-qmaster.conf"));
        var port = ini.Effective.Single(e => e.Key == "master.port");
        Assert.EndsWith("seed-qmaster.conf:3", port.Origin);
        Assert.Equal("default", ini.Effective.Single(e => e.Key == "graphite.batch-size").Origin);
    }

    private static List<(string, string)> Values(IEnumerable<EffectiveSetting> settings) =>
        settings.Select(s => (s.Key, s.Value)).ToList();
}
