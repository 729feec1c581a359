namespace Qulo.Actors.Agent;

/// <summary>A sensor threw while it was created or sampled; carries the sensor's name to its supervisor.</summary>
public sealed class SensorFailedException(string sensor, Exception inner)
    : Exception($"sensor {sensor} failed: {inner.Message}", inner)
{
    public string Sensor { get; } = sensor;
}
