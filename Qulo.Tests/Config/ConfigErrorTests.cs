using Xunit;
using Qulo.Actors.Config;

namespace Qulo.Tests.Config;

/// <summary>Bad input gets one clear error naming the problem and the place.</summary>
public class ConfigErrorTests
{
    [Theory]
    [InlineData("[sensor:CPUPercnt]\ntime_interval = 10\n", "a.conf:1: CPUPercnt: invalid sensor name; valid names are: ")]
    [InlineData("[sensor:CPUPercent]\ntime_interval = ten\n", "a.conf:2: sensor CPUPercent, time_interval: 'ten' is not a number of seconds")]
    [InlineData("[sensor:CPUPercent]\ntime_interval = 0\n", "a.conf:2: sensor CPUPercent, time_interval: '0' must be a positive number of seconds")]
    [InlineData("[sensor:CPUPercent]\ntime_interval = -5\n", "must be a positive number of seconds")]
    [InlineData("[qmaster]\nincoming data port = 70000\n", "a.conf:2: master.port = '70000' is not a port (1-65535)")]
    [InlineData("[logging]\nlevel = LOUD\n", "a.conf:2: logging.level = 'LOUD' is not a log level (DEBUG, INFO, WARNING, ERROR, CRITICAL)")]
    [InlineData("[logging]\nlevel = 10\n", "is not a log level")]
    [InlineData("[qmaster]\nhots = x\n", "a.conf:2: unknown key 'hots' in [qmaster]; known keys are: host, incoming data port, port")]
    [InlineData("[qmastr]\nhost = x\n", "a.conf:1: unknown section [qmastr]; known sections are [qmaster], [Graphite]")]
    [InlineData("[qmaster]\nhost\n", "a.conf:2: expected 'key = value', found 'host'")]
    [InlineData("[qmaster]\nhost = a\nhost = b\n", "a.conf:3: 'master.host' is set twice (first at a.conf:2)")]
    [InlineData("qulo {\n  master {\n    port = 7888\n", "a.conf:2: HOCON syntax error: '{' is never closed")]
    [InlineData("qulo {\n  master { port = 7888 }\n}\n}\n", "a.conf:4: HOCON syntax error: unexpected '}'")]
    [InlineData("qulo {\n  master {\n    host = \"127.0.0.1\n  }\n}\n", "a.conf:3: HOCON syntax error: string is not closed on its line")]
    [InlineData("qulo {\n  master {\n    hots = x\n  }\n}\n", "a.conf:3: unknown key 'qulo.master.hots'; known keys in 'qulo.master' are: host, port, self-metrics-interval")]
    [InlineData("qulo {\n  mastr { host = x }\n}\n", "a.conf:2: unknown section 'qulo.mastr'; known sections are master, naming, agent, graphite, logging, tls, sensors")]
    [InlineData("qlo {\n  master { host = x }\n}\n", "a.conf:1: unknown top-level key 'qlo'")]
    [InlineData("qulo {\n  master {\n    port =\n  }\n}\n", "a.conf:3: 'qulo.master.port' has no value")]
    [InlineData("qulo.sensors.CPUPercent.percpu = maybe\n", "a.conf:1: sensor CPUPercent, option 'percpu': 'maybe' is not a boolean")]
    [InlineData("qulo.sensors.CPUPercent.bogus = 1\n", "a.conf:1: sensor CPUPercent has no option 'bogus'; its options are: percpu (default true)")]
    [InlineData("qulo.graphite.destinations = [\"a:1\", \"b\"]\n", "a.conf:1: graphite.destinations = 'b' is not host:port")]
    public void Bad_configurations_are_rejected_with_a_message_naming_the_problem(string text, string expected)
    {
        var error = Assert.Throws<ConfigException>(() =>
        {
            var raw = ConfigLoader.Parse("a.conf", text);
            ConfigLoader.BuildAgent(raw);
            ConfigLoader.BuildMaster(raw);
        });
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void A_missing_default_file_means_defaults_but_a_missing_explicit_file_is_an_error()
    {
        var raw = ConfigLoader.Read(null, "/nonexistent/qagent.conf");
        Assert.Null(raw.File);
        Assert.Equal(Defaults.MasterPort, ConfigLoader.BuildAgent(raw).Settings.Master.Port);

        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Read("/nonexistent/given.conf", "/irrelevant"));
        Assert.Equal("configuration file /nonexistent/given.conf does not exist", error.Message);
    }

    [Fact]
    public void Each_key_falls_back_to_its_default_on_its_own()
    {
        var loaded = ConfigLoader.BuildMaster(ConfigLoader.Parse("a.conf", "[Graphite]\ncarbon receiver pickle port = 2104\n"));
        Assert.Equal([new CarbonDestination(Defaults.GraphiteHost, 2104)], loaded.Settings.Graphite.Destinations);
        Assert.Equal(new MasterEndpoint(Defaults.MasterHost, Defaults.MasterPort), loaded.Settings.Bind);
        Assert.Equal(Defaults.MasterLogFile, loaded.Settings.Logging.FileName);
    }

    [Fact]
    public void Sensor_options_are_read_from_ini_and_hocon_alike()
    {
        var ini = ConfigLoader.BuildAgent(ConfigLoader.Parse("a.conf", "[sensor:DiskUsage]\ntime_interval = 5\npath = /, /home\n"));
        var hocon = ConfigLoader.BuildAgent(ConfigLoader.Parse("a.conf", "qulo.sensors.DiskUsage { time_interval = 5s, path = [\"/\", \"/home\"] }\n"));
        foreach (var loaded in new[] { ini, hocon })
        {
            var sensor = Assert.Single(loaded.Settings.Sensors);
            Assert.Equal(TimeSpan.FromSeconds(5), sensor.Interval);
            Assert.Equal(["/", "/home"], sensor.Options.GetList("path"));
        }
    }

    [Fact]
    public void Without_sensor_sections_the_seed_sensors_run_at_the_seed_intervals()
    {
        var loaded = ConfigLoader.BuildAgent(ConfigLoader.Parse("a.conf", "[qmaster]\nhost = head\n"));
        Assert.Equal(Defaults.SeedSensors.Select(s => s.Sensor), loaded.Settings.Sensors.Select(s => s.Info.Name));
    }
}
