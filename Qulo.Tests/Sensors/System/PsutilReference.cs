using System.Globalization;
using System.Text.Json;
using Qulo.Tests.Support;

namespace Qulo.Tests.Sensors.SystemSensors;

/// <summary>psutil's answers shaped like our readings: namedtuple fields and list indexes joined with dots.</summary>
public static class PsutilReference
{
    /// <summary>psutil's answer over a fixture's /proc (psutil.PROCFS_PATH), flattened.</summary>
    public static IReadOnlyDictionary<string, double> OverProc(string procDirectory, string expression) =>
        Flatten(Psutil.Evaluate(expression, setup: $"psutil.PROCFS_PATH = {PythonString(procDirectory)}"));

    /// <summary>
    /// psutil's non-blocking percentage over two /proc trees: the "last" sample psutil keeps is taken over
    /// <paramref name="before"/>, the call itself reads <paramref name="after"/>.
    /// </summary>
    public static IReadOnlyDictionary<string, double> OverTwoSamples(string before, string after, string function, bool perCpu)
    {
        var last = (function, perCpu) switch
        {
            ("cpu_percent", false) => "_last_cpu_times",
            ("cpu_percent", true) => "_last_per_cpu_times",
            ("cpu_times_percent", false) => "_last_cpu_times_2",
            _ => "_last_per_cpu_times_2",
        };
        var pyPerCpu = perCpu ? "True" : "False";
        var setup = $"""
            psutil.PROCFS_PATH = {PythonString(before)}
            psutil.{last} = psutil.cpu_times(percpu={pyPerCpu})
            psutil.PROCFS_PATH = {PythonString(after)}
            """;
        return Flatten(Psutil.Evaluate($"psutil.{function}(percpu={pyPerCpu})", setup));
    }

    public static string PythonString(string text) => JsonSerializer.Serialize(text);

    /// <summary>Numbers keyed by path ("" for a scalar, "user", "0", "0.user"); None and strings are left out.</summary>
    public static IReadOnlyDictionary<string, double> Flatten(JsonElement element)
    {
        var values = new Dictionary<string, double>();
        Add(values, "", element);
        return values;
    }

    private static void Add(Dictionary<string, double> values, string path, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Number:
                values[path] = element.GetDouble();
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject()) Add(values, Join(path, property.Name), property.Value);
                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray()) Add(values, Join(path, (index++).ToString(CultureInfo.InvariantCulture)), item);
                break;
        }
    }

    private static string Join(string prefix, string name) => prefix.Length == 0 ? name : prefix + "." + name;
}
