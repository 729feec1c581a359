using Qulo.Actors.Sensors;
using Xunit;

namespace Qulo.Tests.Sensors.SystemSensors;

/// <summary>
/// A machine under Fixtures/sys-*/: proc/ and sys/ trees, a utmp file, and proc-later/stat, the /proc/stat of a
/// second sample for the two-sample sensors. sys-vm2cpu is captured from a real VM (Fixtures/capture-sys-fixture.sh),
/// sys-256cpu and the utmp files are generated (Fixtures/make-sys-fixtures.py), the others are written by hand.
/// </summary>
public static class SysFixture
{
    public static string Directory(string shape) => Path.Combine(AppContext.BaseDirectory, "Fixtures", shape);

    public static FileSystemRoots Roots(string shape) => RootsUnder(Directory(shape));

    public static FileSystemRoots RootsUnder(string directory) =>
        new(Path.Combine(directory, "proc"), Path.Combine(directory, "sys"), Path.Combine(directory, "utmp"));

    /// <summary>The registered sensor, built the way the agent builds it: options validated against its SensorInfo.</summary>
    public static ISensor Create(string sensor, FileSystemRoots roots, params (string Name, string Value)[] options)
    {
        var info = SensorRegistry.Get(sensor);
        var given = options.ToDictionary(o => o.Name, o => o.Value);
        return info.Create(new SensorContext(roots, SensorOptions.Create(info, given)));
    }

    /// <summary>One sample of a sensor over a fixture shape, as path relative to the sensor -> value.</summary>
    public static IReadOnlyDictionary<string, double> Read(string sensor, string shape, params (string Name, string Value)[] options) =>
        ToDictionary(Create(sensor, Roots(shape), options).Read());

    public static IReadOnlyDictionary<string, double> ToDictionary(IReadOnlyList<Qulo.Actors.Metrics.Reading> readings) =>
        readings.ToDictionary(r => r.Name, r => r.Value);

    /// <summary>
    /// A two-sample sensor read twice: over the shape's proc/stat, then over its proc-later/stat (in a scratch copy,
    /// since a sensor keeps its roots). The first read must report nothing; the second is returned.
    /// </summary>
    public static IReadOnlyDictionary<string, double> ReadSecondSample(string sensor, string shape, params (string Name, string Value)[] options)
    {
        using var scratch = ScratchTree.CopyOf(shape);
        var sensorUnderTest = Create(sensor, scratch.Roots, options);
        Assert.True(sensorUnderTest.NeedsTwoSamples);
        Assert.Empty(sensorUnderTest.Read());
        scratch.CopyInto("proc-later/stat", "proc/stat");
        return ToDictionary(sensorUnderTest.Read());
    }
}
