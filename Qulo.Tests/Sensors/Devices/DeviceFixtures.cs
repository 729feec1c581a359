using Qulo.Actors.Metrics;
using Qulo.Actors.Sensors;

namespace Qulo.Tests.Sensors.Devices;

/// <summary>Builds sensors on the fixture trees (Fixtures/dev-*/{proc,sys}) or on the live machine and reads them as name → value.</summary>
internal static class DeviceFixtures
{
    public static string Root(string shape) => Path.Combine(AppContext.BaseDirectory, "Fixtures", shape);

    public static FileSystemRoots Roots(string shape) =>
        new(Path.Combine(Root(shape), "proc"), Path.Combine(Root(shape), "sys"));

    public static SensorContext Context(SensorInfo info, FileSystemRoots roots, params (string Name, string Value)[] options) =>
        new(roots, SensorOptions.Create(info, options.ToDictionary(o => o.Name, o => o.Value)));

    public static IReadOnlyDictionary<string, double> Read(SensorInfo info, string shape, params (string Name, string Value)[] options) =>
        AsDictionary(info.Create(Context(info, Roots(shape), options)).Read());

    public static IReadOnlyDictionary<string, double> ReadLive(SensorInfo info, params (string Name, string Value)[] options) =>
        AsDictionary(info.Create(Context(info, FileSystemRoots.Live, options)).Read());

    public static IReadOnlyDictionary<string, double> AsDictionary(IReadOnlyList<Reading> readings) =>
        readings.ToDictionary(r => r.Name, r => r.Value, StringComparer.Ordinal);

    /// <summary>
    /// Reads the sensor on a scratch copy of a fixture in which <paramref name="corrupt"/> has spoilt one
    /// file; returns the SensorException (which must name that file, asserted here) and the file's path.
    /// </summary>
    public static SensorException ThrowsNamingFile(SensorInfo info, string shape, string relativeFile, Action<string> corrupt)
    {
        var tree = CopyToTemp(shape);
        try
        {
            var file = Path.Combine(tree, relativeFile);
            corrupt(file);
            var sensor = info.Create(Context(info, new FileSystemRoots(Path.Combine(tree, "proc"), Path.Combine(tree, "sys"))));
            var e = Xunit.Assert.Throws<SensorException>(sensor.Read);
            Xunit.Assert.Contains(file, e.Message);
            return e;
        }
        finally
        {
            Directory.Delete(tree, recursive: true);
        }
    }

    /// <summary>A scratch copy of a fixture tree, for a test to change; the caller deletes it.</summary>
    public static string CopyToTemp(string shape)
    {
        var target = Directory.CreateTempSubdirectory("qulo-" + shape + "-").FullName;
        foreach (var file in Directory.EnumerateFiles(Root(shape), "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(Root(shape), file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
        return target;
    }
}
