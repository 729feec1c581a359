namespace Qulo.Actors.Sensors;

/// <summary>
/// What a sensor is, as `qagent sensors` shows it: its name (the original's class name, used in
/// `[sensor:Name]` and in Graphite paths), help, options and the paths it emits after "HOST."
/// ("VirtualMemory.percent", "CPUPercent.{cpu}"), plus how to build it.
/// The registry of these is the only list of sensors there is.
/// </summary>
public sealed record SensorInfo(
    string Name,
    string Help,
    IReadOnlyList<SensorOption> Options,
    IReadOnlyList<string> Emits,
    Func<SensorContext, ISensor> Create);
