using System.Globalization;

namespace Qulo.LoadGen;

/// <summary>"--name value" pairs after the mode word; every value has a default.</summary>
internal sealed class Options(IReadOnlyDictionary<string, string> values)
{
    public static Options Parse(IEnumerable<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        using var e = args.GetEnumerator();
        while (e.MoveNext())
        {
            if (!e.Current.StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"expected --option, got '{e.Current}'");
            var name = e.Current[2..];
            if (!e.MoveNext()) throw new ArgumentException($"--{name} needs a value");
            values[name] = e.Current;
        }
        return new Options(values);
    }

    public string String(string name, string fallback) => values.TryGetValue(name, out var v) ? v : fallback;

    public int Int(string name, int fallback) => values.TryGetValue(name, out var v) ? ParseInt(name, v) : fallback;

    public double Double(string name, double fallback) =>
        values.TryGetValue(name, out var v)
            ? double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : throw new ArgumentException($"--{name}: '{v}' is not a number")
            : fallback;

    private static int ParseInt(string name, string v) =>
        int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : throw new ArgumentException($"--{name}: '{v}' is not an integer");
}
