namespace Qulo.Actors.Sensors;

/// <summary>
/// A sensor that carries its own description. Implementing this is all it takes to register a
/// sensor: <see cref="SensorRegistry"/> finds every implementation (like node_exporter's registerCollector).
/// </summary>
public interface IDescribedSensor : ISensor
{
    static abstract SensorInfo Info { get; }
}
