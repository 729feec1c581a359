namespace Qulo.Actors.Sensors.Procfs;

/// <summary>
/// psutil's arithmetic, reproduced bit for bit so that our numbers equal psutil's: Python's round()
/// and psutil's usage_percent().
/// </summary>
public static class PsutilMath
{
    private static readonly long[] PowersOfTen = [1, 10, 100, 1000];

    /// <summary>
    /// Python's round(value, digits): rounds the exact binary value, ties to even. .NET's Math.Round
    /// scales first (0.35 * 10 == 3.5 -> 0.4) where Python gives 0.3, so it cannot be used.
    /// Exact for |value| below 2^53 / 10^digits, far above any percentage; digits 0..3.
    /// </summary>
    public static double Round(double value, int digits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(digits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(digits, PowersOfTen.Length - 1);
        if (!double.IsFinite(value) || value == 0) return value;

        var bits = BitConverter.DoubleToInt64Bits(value);
        var biasedExponent = (int)((bits >> 52) & 0x7FF);
        var mantissa = bits & 0xF_FFFF_FFFF_FFFF;
        if (biasedExponent == 0) biasedExponent = 1; else mantissa |= 1L << 52;
        var exponent = biasedExponent - 1075; // value == ±mantissa * 2^exponent exactly
        if (exponent >= 0) return value;      // already an integer

        var scale = PowersOfTen[digits];
        var shift = -exponent;
        var scaled = (UInt128)mantissa * (ulong)scale; // value * 10^digits == scaled / 2^shift exactly
        UInt128 quotient;
        if (shift >= 127)
        {
            quotient = 0; // scaled < 2^63 is far below half of 2^shift
        }
        else
        {
            var divisor = UInt128.One << shift;
            quotient = scaled >> shift;
            var remainder = scaled & (divisor - 1);
            var half = divisor >> 1;
            if (remainder > half || (remainder == half && (quotient & 1) == 1)) quotient++;
        }
        var rounded = (double)quotient / scale;
        return value < 0 ? -rounded : rounded;
    }

    /// <summary>psutil's usage_percent(used, total, round_=1): 0.0 when total is 0.</summary>
    public static double UsagePercent(double used, double total) =>
        total == 0 ? 0.0 : Round(used / total * 100, 1);
}
