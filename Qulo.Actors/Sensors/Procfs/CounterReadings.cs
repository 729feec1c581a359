using Qulo.Actors.Metrics;

namespace Qulo.Actors.Sensors.Procfs;

/// <summary>One row of a counter table such as /proc/net/dev or /proc/diskstats: a device and its counters in field order.</summary>
internal sealed record CounterRow(string Device, long[] Values);

/// <summary>
/// Turns counter rows into readings the way psutil's per-device and total views do:
/// per device "&lt;device&gt;.&lt;field&gt;" (device name sanitised), or totals "&lt;field&gt;" summed over all rows.
/// </summary>
internal static class CounterReadings
{
    public static IReadOnlyList<Reading> PerDevice(IEnumerable<CounterRow> rows, IReadOnlyList<string> fields) =>
        rows.SelectMany(row => fields.Select((field, i) =>
            new Reading(MetricPath.Join(MetricPath.Sanitize(row.Device), field), row.Values[i]))).ToList();

    /// <summary>Sums every field over the rows; no rows gives no readings (psutil returns None then).</summary>
    public static IReadOnlyList<Reading> Totals(IReadOnlyCollection<CounterRow> rows, IReadOnlyList<string> fields) =>
        rows.Count == 0
            ? []
            : fields.Select((field, i) => new Reading(field, rows.Sum(row => row.Values[i]))).ToList();
}
