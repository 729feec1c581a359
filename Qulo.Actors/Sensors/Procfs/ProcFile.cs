using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace Qulo.Actors.Sensors.Procfs;

/// <summary>
/// Reading procfs/sysfs files for sensors: every failure becomes a <see cref="SensorException"/>
/// whose message names the file, so the agent's log says which source is broken.
/// </summary>
public static class ProcFile
{
    /// <summary>Pseudo files report size 0, so reading starts with a buffer that fits nearly all of them.</summary>
    private const int InitialBufferSize = 16 * 1024;

    /// <summary>The whole file; throws naming it when it is missing or unreadable.</summary>
    public static string ReadAllText(string path)
    {
        try
        {
            return ReadText(path);
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
            return ReadText(path);
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

    /// <summary>
    /// Reads with a pooled buffer and no FileStream/StreamReader: a sensor reads the same few files every few
    /// seconds for months, and this allocates only the resulting string.
    /// </summary>
    private static string ReadText(string path)
    {
        using var handle = File.OpenHandle(path);
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
        try
        {
            var length = 0;
            int read;
            while ((read = RandomAccess.Read(handle, buffer.AsSpan(length), length)) > 0)
            {
                length += read;
                if (length < buffer.Length) continue;
                var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                buffer.AsSpan(0, length).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = larger;
            }
            return Encoding.UTF8.GetString(buffer, 0, length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
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
    public static long ParseLong(string path, ReadOnlySpan<char> token) => Parse<long>(path, token, NumberStyles.Integer, "an integer");

    /// <summary>A decimal number token of the file, or <see cref="Malformed"/> naming the file and the token.</summary>
    public static double ParseDouble(string path, ReadOnlySpan<char> token) => Parse<double>(path, token, NumberStyles.Float, "a number");

    /// <summary><see cref="ParseLong(string, ReadOnlySpan{char})"/> on the file's bytes, with the same rules.</summary>
    public static long ParseLong(string path, ReadOnlySpan<byte> token) => Parse<long>(path, token, NumberStyles.Integer, "an integer");

    /// <summary><see cref="ParseDouble(string, ReadOnlySpan{char})"/> on the file's bytes, with the same rules.</summary>
    public static double ParseDouble(string path, ReadOnlySpan<byte> token) => Parse<double>(path, token, NumberStyles.Float, "a number");

    private static T Parse<T>(string path, ReadOnlySpan<char> token, NumberStyles styles, string what) where T : INumberBase<T> =>
        T.TryParse(token, styles, CultureInfo.InvariantCulture, out var value) ? value : throw Malformed(path, $"'{token}' is not {what}");

    private static T Parse<T>(string path, ReadOnlySpan<byte> token, NumberStyles styles, string what) where T : INumberBase<T> =>
        T.TryParse(token, styles, CultureInfo.InvariantCulture, out var value) ? value : throw Malformed(path, $"'{Text(token)}' is not {what}");

    /// <summary>Bytes of a file as text, for error messages.</summary>
    public static string Text(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);

    /// <summary>Splits a line on runs of blanks, like Python's str.split().</summary>
    public static string[] Fields(string line) =>
        line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
}
