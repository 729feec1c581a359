using System.Globalization;

namespace Qulo.Actors.Sensors.Procfs;

/// <summary>
/// Reading procfs/sysfs files for sensors: every failure becomes a <see cref="SensorException"/>
/// whose message names the file, so the agent's log says which source is broken.
/// </summary>
public static class ProcFile
{
    /// <summary>The whole file; throws naming it when it is missing or unreadable.</summary>
    public static string ReadAllText(string path)
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

    /// <summary>The whole file, or null when it does not exist (the machine lacks that source); other failures throw naming it.</summary>
    public static string? ReadIfExists(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SensorException($"cannot read {path}: {e.Message}", e);
        }
    }

    /// <summary>The file's bytes; throws naming it when it is missing or unreadable.</summary>
    public static byte[] ReadAllBytes(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SensorException($"cannot read {path}: {e.Message}", e);
        }
    }

    /// <summary>The error for a file whose content is not what the kernel writes there.</summary>
    public static SensorException Malformed(string path, string problem) => new($"malformed {path}: {problem}");

    /// <summary>An integer token of the file, or <see cref="Malformed"/> naming the file and the token.</summary>
    public static long ParseLong(string path, ReadOnlySpan<char> token)
    {
        if (long.TryParse(token, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)) return value;
        throw Malformed(path, $"'{token}' is not an integer");
    }

    /// <summary>A decimal number token of the file, or <see cref="Malformed"/> naming the file and the token.</summary>
    public static double ParseDouble(string path, ReadOnlySpan<char> token)
    {
        if (double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)) return value;
        throw Malformed(path, $"'{token}' is not a number");
    }

    /// <summary>Splits a line on runs of blanks, like Python's str.split().</summary>
    public static string[] Fields(string line) =>
        line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
}
