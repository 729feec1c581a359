using System.Collections.Concurrent;
using Qulo.Actors.Config;
using Qulo.Actors.Metrics;
using Qulo.Actors.Sensors;

namespace Qulo.Tests.Cluster;

// Test-only sensors: they implement ISensor, not IDescribedSensor, so the SensorRegistry never lists them.

/// <summary>Fails on every read, as a sensor whose source is gone would.</summary>
internal sealed class ThrowingSensor(ConcurrentQueue<DateTime> created) : ISensor
{
    public const string Message = "/proc/test_source: no such file";

    private readonly int _ = Record(created);

    public IReadOnlyList<Reading> Read() => throw new SensorException(Message);

    private static int Record(ConcurrentQueue<DateTime> created)
    {
        created.Enqueue(DateTime.UtcNow);
        return 0;
    }
}

/// <summary>Answers every read with a counter, so that each sample is recognisable.</summary>
internal sealed class CountingSensor : ISensor
{
    private int _reads;

    public IReadOnlyList<Reading> Read() => [Reading.Scalar(++_reads), new Reading("half", _reads / 2.0)];
}

/// <summary>Blocks its read until released: a DiskUsage stuck on a dead NFS mount.</summary>
internal sealed class HangingSensor(ManualResetEventSlim release) : ISensor
{
    public IReadOnlyList<Reading> Read()
    {
        release.Wait();
        return [Reading.Scalar(1)];
    }
}

/// <summary>Has nothing to report on this machine (no battery).</summary>
internal sealed class EmptySensor : ISensor
{
    public IReadOnlyList<Reading> Read() => [];
}

internal static class TestSensorSettings
{
    public static SensorSettings Of(string name, TimeSpan interval, Func<ISensor> create)
    {
        var info = new SensorInfo(name, "test sensor", [], [], _ => create());
        return new SensorSettings(info, interval, SensorOptions.Defaults(info));
    }
}
