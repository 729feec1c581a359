using System.Globalization;
using Qulo.Actors.Sensors.Procfs;
using Qulo.Tests.Support;
using Xunit;

namespace Qulo.Tests.Sensors.SystemSensors;

/// <summary>Our port of Python's round() against Python itself, on ties and on values that only look like ties.</summary>
public class PsutilMathTests
{
    [Theory]
    [InlineData(0.35, 0.3)]    // 0.35 is 0.34999... in binary; Math.Round(0.35, 1) would give 0.4
    [InlineData(0.25, 0.2)]    // an exact tie goes to even
    [InlineData(43.75, 43.8)]
    [InlineData(-2.35, -2.4)]  // -2.35000000000000008...
    [InlineData(99.95, 100.0)]
    [InlineData(1e-20, 0.0)]
    public void Round_matches_known_python_results(double value, double expected) =>
        Assert.Equal(expected, PsutilMath.Round(value, 1));

    [Trait(Category.Name, Category.EndToEnd)]
    [Fact]
    public void Round_matches_python_on_many_values()
    {
        // Every k/1000 and k/1000 + 0.05 up to 100, plus busy/total ratios like cpu_percent's.
        var values = Enumerable.Range(0, 100_001).Select(k => k / 1000.0)
            .Concat(Enumerable.Range(0, 2000).Select(k => k / 20.0 + 0.05))
            .Concat(Enumerable.Range(1, 400).SelectMany(total => new[] { 1, 7, 33 }.Select(busy => busy / (double)total * 100)))
            .ToList();
        var literal = "[" + string.Join(",", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + "]";
        var python = Psutil.Evaluate($"[round(x, 1) for x in {literal}]").EnumerateArray().Select(e => e.GetDouble()).ToList();
        var mismatches = values.Select((v, i) => (v, ours: PsutilMath.Round(v, 1), theirs: python[i]))
            .Where(m => m.ours != m.theirs).Take(5).ToList();
        Assert.Empty(mismatches);
    }

    [Fact]
    public void UsagePercent_is_zero_for_a_zero_total() => Assert.Equal(0.0, PsutilMath.UsagePercent(5, 0));
}
