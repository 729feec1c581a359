using System.Globalization;

namespace Qulo.Actors.Sensors.Sysfs;

/// <summary>
/// Reads small procfs/sysfs files for the device sensors. Required files throw a
/// <see cref="SensorException"/> naming the file; optional attributes (a battery's energy_now,
/// a down NIC's speed, which the kernel refuses with EINVAL) read as null.
/// </summary>
internal static class SysfsFile
{
    public static string Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SensorException($"cannot read {path}: {e.Message}", e);
        }
    }

    public static string[] ReadLines(string path) =>
        Read(path).Split('\n', StringSplitOptions.RemoveEmptyEntries);

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

    public static long ParseLong(string path, string text) =>
        long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Malformed(path, "an integer", text);

    /// <summary>An optional integer attribute: null when the file is absent, an error when it holds garbage.</summary>
    public static long? TryReadLong(string path) => TryRead(path) is { } text ? ParseLong(path, text) : null;

    /// <summary>A number, or null when the file is absent, refused or not a number (psutil's float() failing).</summary>
    public static double? TryReadNumber(string path) =>
        TryRead(path) is { } text && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;

    public static SensorException Malformed(string path, string expected, string found) =>
        new($"{path}: malformed, expected {expected} but found '{found.Trim()}'");

    /// <summary>Entries (files, directories or links to them) of <paramref name="directory"/> matching a glob such as "hwmon*"; none when the directory is missing.</summary>
    public static IEnumerable<string> Glob(string directory, string pattern) =>
        Directory.Exists(directory)
            ? Directory.EnumerateFileSystemEntries(directory, pattern).Order(StringComparer.Ordinal)
            : [];
}
