using System.Text.Json;
using System.Text.RegularExpressions;

namespace Qulo.Tests.Carbon;

/// <summary>The metric path patterns inside Grafana dashboards' Graphite targets, and matching them.</summary>
internal static partial class GraphiteTargetPaths
{
    /// <summary>Every Graphite target expression of a dashboard's JSON.</summary>
    public static IReadOnlyList<string> Targets(string dashboardJson)
    {
        using var document = JsonDocument.Parse(dashboardJson);
        return document.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(panel => panel.GetProperty("targets").EnumerateArray())
            .Select(target => target.GetProperty("target").GetString()!)
            .ToList();
    }

    /// <summary>The dotted path patterns in a target (function names and numbers have no dot), braces expanded, $host replaced.</summary>
    public static IReadOnlyList<string> Paths(string target, string host) =>
        PathPattern().Matches(target).SelectMany(m => ExpandBraces(m.Value.Replace("$host", host))).ToList();

    /// <summary>Whether a Graphite glob (with * per component) matches a concrete path.</summary>
    public static bool Matches(string glob, string path) =>
        Regex.IsMatch(path, "^" + string.Join(@"\.", glob.Split('.').Select(c => Regex.Escape(c).Replace(@"\*", "[^.]*"))) + "$");

    private static IEnumerable<string> ExpandBraces(string pattern)
    {
        var open = pattern.IndexOf('{');
        if (open < 0) return [pattern];
        var close = pattern.IndexOf('}', open);
        return pattern[(open + 1)..close].Split(',')
            .SelectMany(choice => ExpandBraces(pattern[..open] + choice + pattern[(close + 1)..]));
    }

    [GeneratedRegex(@"[$\w*-]+(?:\.(?:[\w*-]+|\{[\w,-]+\}))+")]
    private static partial Regex PathPattern();
}
