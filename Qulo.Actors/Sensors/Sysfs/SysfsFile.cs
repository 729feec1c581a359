using System.Globalization;
using Qulo.Actors.Sensors.Procfs;

namespace Qulo.Actors.Sensors.Sysfs;

/// <summary>
/// Reads small procfs/sysfs files for the device sensors. Required files throw a
/// <see cref="SensorException"/> naming the file; optional attributes (a battery's energy_now,
/// a down NIC's speed, which the kernel refuses with EINVAL) read as null.
/// </summary>
internal static class SysfsFile
{
    public static string[] ReadLines(string path) =>
        ProcFile.ReadAllText(path).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The trimmed content, or null when the file is missing or the kernel refuses to read it.</summary>
    public static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>An optional integer attribute: null when the file is absent, an error when it holds garbage.</summary>
    public static long? TryReadLong(string path) => TryRead(path) is { } text ? ProcFile.ParseLong(path, text) : null;

    /// <summary>A number, or null when the file is absent, refused or not a number (psutil's float() failing).</summary>
    public static double? TryReadNumber(string path) =>
        TryRead(path) is { } text && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;

    /// <summary>Entries (files, directories or links to them) of <paramref name="directory"/> matching a glob such as "hwmon*"; none when the directory is missing.</summary>
    public static IEnumerable<string> Glob(string directory, string pattern) =>
        Directory.Exists(directory)
            ? Directory.EnumerateFileSystemEntries(directory, pattern).Order(StringComparer.Ordinal)
            : [];
}
