using System.Globalization;
using System.Text;
using Qulo.Actors.Metrics;

namespace Qulo.Actors.Carbon;

/// <summary>
/// Appends datapoints as carbon's plaintext lines (<c>path value timestamp</c>), so a master serves
/// without Graphite and the file can be replayed into carbon's line receiver later. Rotates like
/// Python's RotatingFileHandler: at <c>maxBytes</c> FILE becomes FILE.1, FILE.1 becomes FILE.2, ...,
/// keeping <c>backupCount</c> old files (0: the file is truncated instead).
/// </summary>
internal sealed class PlaintextFileSink : IDisposable
{
    private readonly string _path;
    private readonly long _maxBytes;
    private readonly int _backupCount;
    private readonly StringBuilder _lines = new();
    private FileStream _stream;

    /// <exception cref="IOException">The file cannot be opened for appending (the message names it).</exception>
    public PlaintextFileSink(string path, long maxBytes, int backupCount)
    {
        _path = Path.GetFullPath(path);
        _maxBytes = maxBytes;
        _backupCount = backupCount;
        _stream = Open(_path);
    }

    public void Write(IReadOnlyList<Metric> metrics)
    {
        _lines.Clear();
        foreach (var metric in metrics)
            _lines.Append(metric.Path).Append(' ')
                .Append(metric.Value.ToString("R", CultureInfo.InvariantCulture)).Append(' ')
                .Append(metric.Timestamp.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        var bytes = Encoding.UTF8.GetBytes(_lines.ToString());
        if (_maxBytes > 0 && _stream.Length > 0 && _stream.Length + bytes.Length > _maxBytes) Rotate();
        _stream.Write(bytes);
        _stream.Flush();
    }

    public void Dispose() => _stream.Dispose();

    private void Rotate()
    {
        _stream.Dispose();
        if (_backupCount > 0)
        {
            for (var i = _backupCount - 1; i >= 1; i--)
                if (File.Exists($"{_path}.{i}")) File.Move($"{_path}.{i}", $"{_path}.{i + 1}", overwrite: true);
            File.Move(_path, $"{_path}.1", overwrite: true);
        }
        else File.Delete(_path);
        _stream = Open(_path);
    }

    private static FileStream Open(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot append datapoints to the plaintext file {path}: {e.Message}", e);
        }
    }
}
