using System.Text.Json;

namespace Qulo.Tests.Support;

/// <summary>
/// The reference for sensor values: Debian's python3-psutil, run with /usr/bin/python3.
/// Evaluate(expr) returns psutil's answer as JSON (namedtuples become objects with their field names).
/// </summary>
public static class Psutil
{
    private const string Prelude = """
import json, sys, psutil
def conv(x):
    if hasattr(x, '_asdict'):
        return {k: conv(v) for k, v in x._asdict().items()}
    if isinstance(x, dict):
        return {str(k): conv(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [conv(v) for v in x]
    if hasattr(x, 'value') and hasattr(x, 'name'):
        return x.value
    return x

""";

    /// <summary>Runs python with psutil imported; <paramref name="expression"/> is evaluated and printed as JSON.</summary>
    public static JsonElement Evaluate(string expression, string setup = "")
    {
        var script = Prelude + setup + "\nprint(json.dumps(conv(" + expression + ")))\n";
        return JsonDocument.Parse(Graphite.Python.Run(script)).RootElement.Clone();
    }
}
