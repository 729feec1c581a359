using System.Text;

namespace Qulo.Actors.Carbon;

/// <summary>
/// Interns metric paths as small integer ids holding their UTF-8 bytes, so a buffered datapoint costs
/// an int instead of a string, and each path is encoded to UTF-8 once.
/// </summary>
internal sealed class PathTable
{
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly List<byte[]> _utf8 = [];

    public int Count => _utf8.Count;

    public int Intern(string path)
    {
        if (_ids.TryGetValue(path, out var id)) return id;
        id = _utf8.Count;
        _utf8.Add(Encoding.UTF8.GetBytes(path));
        _ids.Add(path, id);
        return id;
    }

    public byte[] Utf8(int id) => _utf8[id];

    public string Path(int id) => Encoding.UTF8.GetString(_utf8[id]);

    public void Clear()
    {
        _ids.Clear();
        _utf8.Clear();
    }
}
