namespace Qulo.Actors.Metrics;

/// <summary>
/// One datapoint as it travels end to end: the full Graphite path (built once, on the agent),
/// the moment it was sampled (Unix seconds) and its value.
/// </summary>
public readonly record struct Metric(string Path, double Timestamp, double Value);

/// <summary>A sensor's reading before the host/sensor prefix is added: "percent", "0", "eth0.bytes_sent", or "" for a scalar.</summary>
public readonly record struct Reading(string Name, double Value)
{
    public static Reading Scalar(double value) => new(string.Empty, value);
}
