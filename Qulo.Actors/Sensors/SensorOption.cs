namespace Qulo.Actors.Sensors;

public enum SensorOptionKind { Bool, String, StringList, Choice, PositiveNumber }

/// <summary>One option a sensor accepts (mirroring psutil's argument of the same name), with its default.</summary>
public sealed record SensorOption(string Name, SensorOptionKind Kind, string Default, string Help, IReadOnlyList<string>? Choices = null)
{
    public static SensorOption Bool(string name, bool @default, string help) =>
        new(name, SensorOptionKind.Bool, @default ? "true" : "false", help);

    public static SensorOption List(string name, string @default, string help) =>
        new(name, SensorOptionKind.StringList, @default, help);

    public static SensorOption Choice(string name, string @default, string help, params string[] choices) =>
        new(name, SensorOptionKind.Choice, @default, help, choices);

    public static SensorOption PositiveNumber(string name, double @default, string help) =>
        new(name, SensorOptionKind.PositiveNumber, @default.ToString(System.Globalization.CultureInfo.InvariantCulture), help);

    /// <summary>Checks a raw value; returns an error message or null.</summary>
    public string? Validate(string raw) => Kind switch
    {
        SensorOptionKind.Bool => SensorOptions.TryParseBool(raw, out _) ? null : $"'{raw}' is not a boolean (true/false, yes/no, on/off, 1/0)",
        SensorOptionKind.Choice when !Choices!.Contains(raw) => $"'{raw}' is not one of: {string.Join(", ", Choices!)}",
        SensorOptionKind.PositiveNumber when !(SensorOptions.TryParsePositiveNumber(raw, out _)) => $"'{raw}' is not a positive number",
        SensorOptionKind.StringList when SensorOptions.SplitList(raw).Count == 0 => "the list is empty",
        _ => null,
    };
}
