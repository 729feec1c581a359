namespace Qulo.Actors.Metrics;

/// <summary>Turns a sensor's readings into metrics under "HOST.Sensor" (HOST from Agent.HostIdentity).</summary>
public static class MetricNaming
{
    /// <summary>"HOST.Sensor": the part every metric of a sensor shares, built once per sensor.</summary>
    public static string SensorPrefix(string host, string sensor) => host + "." + sensor;

    public static Metric ToMetric(string sensorPrefix, Reading reading, double timestamp) =>
        new(reading.Name.Length == 0 ? sensorPrefix : sensorPrefix + "." + reading.Name, timestamp, reading.Value);
}
