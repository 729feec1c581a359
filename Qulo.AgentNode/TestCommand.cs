using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Qulo.Actors.Agent;
using Qulo.Actors.Cli;
using Qulo.Actors.Config;
using Qulo.Actors.Metrics;
using Qulo.Actors.Sensors;

namespace Qulo.AgentNode;

/// <summary>
/// `qagent test [SENSOR...]`: sample once and print what would be sent, like `telegraf --test`.
/// Sensors that report rates take a first sample, wait briefly, and report the second.
/// </summary>
internal static class TestCommand
{
    private static readonly TimeSpan SecondSampleDelay = TimeSpan.FromMilliseconds(500);

    public static Command Create(DaemonProgram<AgentSettings> program)
    {
        var config = CommonOptions.Config(program.DefaultConfigFile);
        var json = new Option<bool>("--json") { Description = "print JSON instead of Graphite plaintext lines" };
        var names = new Argument<string[]>("sensor") { Description = "sensors to sample (default: the configured ones)", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("test", "sample sensors once, print `path value timestamp` lines (or --json) and exit") { config, json, names };
        command.SetAction(result =>
        {
            if (!DaemonCommands.TryLoad(program, result.GetValue(config), out var loaded)) return ExitCodes.Usage;
            var wanted = result.GetValue(names) ?? [];
            var unknown = wanted.Where(n => !SensorRegistry.TryGet(n, out _)).ToList();
            if (unknown.Count > 0)
            {
                Console.Error.WriteLine($"qagent: {string.Join(", ", unknown)}: invalid sensor name; valid names are: {string.Join(", ", SensorRegistry.Names)}");
                return ExitCodes.Usage;
            }
            var sensors = wanted.Length == 0
                ? loaded.Settings.Sensors
                : wanted.Select(n => loaded.Settings.Sensors.FirstOrDefault(s => s.Info.Name == n)
                    ?? new SensorSettings(SensorRegistry.Get(n), TimeSpan.Zero, SensorOptions.Defaults(SensorRegistry.Get(n)))).ToList();
            var metrics = Sample(sensors, HostIdentity.Resolve(loaded.Settings.Naming), out var failures);
            Print(metrics, result.GetValue(json));
            foreach (var failure in failures) Console.Error.WriteLine($"qagent: {failure}");
            return failures.Count == 0 ? ExitCodes.Success : ExitCodes.Failure;
        });
        return command;
    }

    private static List<Metric> Sample(IReadOnlyList<SensorSettings> sensors, string host, out List<string> failures)
    {
        failures = [];
        var created = new List<(SensorSettings Settings, ISensor Sensor)>();
        foreach (var settings in sensors)
        {
            try
            {
                var sensor = settings.Info.Create(new SensorContext(FileSystemRoots.Live, settings.Options));
                if (sensor.NeedsTwoSamples) sensor.Read();
                created.Add((settings, sensor));
            }
            catch (SensorException e)
            {
                failures.Add($"{settings.Info.Name}: {e.Message}");
            }
        }
        if (created.Any(c => c.Sensor.NeedsTwoSamples)) Thread.Sleep(SecondSampleDelay);

        var metrics = new List<Metric>();
        foreach (var (settings, sensor) in created)
        {
            try
            {
                var timestamp = UnixTime.Now();
                var prefix = MetricNaming.SensorPrefix(host, settings.Info.Name);
                var readings = sensor.Read();
                if (readings.Count == 0) Console.Error.WriteLine($"qagent: {settings.Info.Name}: nothing to report on this machine");
                metrics.AddRange(readings.Select(r => MetricNaming.ToMetric(prefix, r, timestamp)));
            }
            catch (SensorException e)
            {
                failures.Add($"{settings.Info.Name}: {e.Message}");
            }
        }
        return metrics;
    }

    private static void Print(List<Metric> metrics, bool json)
    {
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(metrics.Select(m => new { path = m.Path, value = m.Value, timestamp = m.Timestamp }),
                new JsonSerializerOptions { WriteIndented = true }));
            return;
        }
        foreach (var metric in metrics)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{metric.Path} {metric.Value} {metric.Timestamp:0.###}"));
    }
}
