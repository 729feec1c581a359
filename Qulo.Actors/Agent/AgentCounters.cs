namespace Qulo.Actors.Agent;

/// <summary>
/// The agent's own counters, reported as HOST.QuloAgent.*. They live as long as the process, across
/// the cluster re-joins that restart the actor system, so they only ever grow.
/// </summary>
public sealed class AgentCounters
{
    private long _sampled, _delivered, _dropped, _sensorRestarts, _sensorTimeouts;

    /// <summary>Datapoints the sensors produced (self-metrics not included).</summary>
    public long Sampled => Interlocked.Read(ref _sampled);
    /// <summary>Datapoints the master acknowledged (self-metrics included).</summary>
    public long Delivered => Interlocked.Read(ref _delivered);
    /// <summary>Datapoints dropped (oldest first) because the buffer was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);
    public long SensorRestarts => Interlocked.Read(ref _sensorRestarts);
    /// <summary>Samples abandoned because the sensor did not answer in time (a hung file system).</summary>
    public long SensorTimeouts => Interlocked.Read(ref _sensorTimeouts);

    public void AddSampled(long n) => Interlocked.Add(ref _sampled, n);
    public void AddDelivered(long n) => Interlocked.Add(ref _delivered, n);
    public void AddDropped(long n) => Interlocked.Add(ref _dropped, n);
    public void AddSensorRestart() => Interlocked.Increment(ref _sensorRestarts);
    public void AddSensorTimeout() => Interlocked.Increment(ref _sensorTimeouts);
}
