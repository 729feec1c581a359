using Qulo.Actors.Metrics;

namespace Qulo.Actors.Sensors;

/// <summary>
/// A plain sensor: reads the node (from the procfs/sysfs roots it was given) and returns readings.
/// It knows nothing of actors; the SensorActor around it owns the timer and the supervision.
/// </summary>
public interface ISensor
{
    /// <summary>
    /// Samples once. Throws <see cref="SensorException"/> naming the file when a source is
    /// unreadable or malformed. Returns an empty list when the machine has nothing to report
    /// (no battery, no hwmon), or on the first call of a sensor that needs two samples.
    /// </summary>
    IReadOnlyList<Reading> Read();

    /// <summary>True when the sensor reports rates or percentages and needs a previous sample.</summary>
    bool NeedsTwoSamples => false;
}

/// <summary>A sensor's source could not be read or parsed; the message names the file.</summary>
public sealed class SensorException(string message, Exception? inner = null) : Exception(message, inner);
