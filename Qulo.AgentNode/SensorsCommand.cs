using System.CommandLine;
using Qulo.Actors.Cli;
using Qulo.Actors.Sensors;

namespace Qulo.AgentNode;

/// <summary>`qagent sensors [NAME]`: the sensors this build has, generated from their own descriptions.</summary>
internal static class SensorsCommand
{
    public static Command Create()
    {
        var name = new Argument<string?>("name") { Description = "show this sensor in full", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("sensors", "list the available sensors, or show one with its options and the paths it emits") { name };
        command.SetAction(result =>
        {
            if (result.GetValue(name) is not { } wanted)
            {
                var width = SensorRegistry.All.Max(s => s.Name.Length);
                foreach (var sensor in SensorRegistry.All)
                    Console.WriteLine($"{sensor.Name.PadRight(width)}  {FirstLine(sensor.Help)}");
                return ExitCodes.Success;
            }
            if (!SensorRegistry.TryGet(wanted, out var info))
            {
                Console.Error.WriteLine($"qagent: {wanted}: invalid sensor name; valid names are: {string.Join(", ", SensorRegistry.Names)}");
                return ExitCodes.Usage;
            }
            Console.Write(Describe(info));
            return ExitCodes.Success;
        });
        return command;
    }

    public static string Describe(SensorInfo info)
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine(info.Name).AppendLine().AppendLine(info.Help).AppendLine().AppendLine("Options:");
        if (info.Options.Count == 0) text.AppendLine("  (none)");
        foreach (var option in info.Options)
            text.AppendLine($"  {option.Name} = {option.Default}  ({option.Kind}{(option.Choices is { } c ? ": " + string.Join("|", c) : "")}) {option.Help}");
        text.AppendLine().AppendLine("Emits (after HOST.):");
        foreach (var path in info.Emits) text.AppendLine($"  {path}");
        return text.ToString();
    }

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();
}
