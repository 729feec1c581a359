using System.Globalization;

namespace Qulo.LoadGen;

/// <summary>
/// What a simulated agent reports: <see cref="Series"/> paths <c>lgNNN.CPUPercent.J</c>, sampled together;
/// the value of sample number s is s in every series, so the receiver can tell a gap from a duplicate.
/// </summary>
internal static class SyntheticSeries
{
    public const string HostPrefix = "lg";
    public const string Sensor = "CPUPercent";

    public static string Host(int agent) => HostPrefix + agent.ToString("000", CultureInfo.InvariantCulture);

    public static string[] Paths(string host, int series) =>
        Enumerable.Range(0, series).Select(j => $"{host}.{Sensor}.{j.ToString(CultureInfo.InvariantCulture)}").ToArray();

    /// <summary>True for a simulated series path, false for any other (the master's and agents' self-metrics).</summary>
    public static bool IsSeries(ReadOnlySpan<char> path)
    {
        var dot = path.IndexOf('.');
        return dot > 0 && path.StartsWith(HostPrefix, StringComparison.Ordinal)
            && path[(dot + 1)..].StartsWith(Sensor + ".", StringComparison.Ordinal);
    }
}

/// <summary>One simulated agent's account, printed by a worker as one line: "agent HOST SERIES SAMPLES DROPPED PENDING".</summary>
internal sealed record AgentReport(string Host, int Series, long Samples, long Dropped, int Pending)
{
    public const string Tag = "agent";

    public override string ToString() =>
        string.Join(' ', Tag, Host, Series.ToString(CultureInfo.InvariantCulture), Samples.ToString(CultureInfo.InvariantCulture),
            Dropped.ToString(CultureInfo.InvariantCulture), Pending.ToString(CultureInfo.InvariantCulture));

    public static AgentReport? Parse(string line)
    {
        var f = line.Split(' ');
        if (f.Length != 6 || f[0] != Tag) return null;
        return new AgentReport(f[1], int.Parse(f[2], CultureInfo.InvariantCulture), long.Parse(f[3], CultureInfo.InvariantCulture),
            long.Parse(f[4], CultureInfo.InvariantCulture), int.Parse(f[5], CultureInfo.InvariantCulture));
    }
}
