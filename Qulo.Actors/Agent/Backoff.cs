namespace Qulo.Actors.Agent;

/// <summary>
/// Restart delays for a failing sensor: Min, 2·Min, 4·Min, ... capped at Max, each shortened by a
/// random share of up to RandomFactor (so sensors that fail together do not retry in lockstep).
/// A sensor that ran for longer than Max before failing starts again from Min.
/// </summary>
public sealed record Backoff(TimeSpan Min, TimeSpan Max, double RandomFactor)
{
    public static Backoff Default { get; } = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), 0.2);

    /// <summary>Delay before restart number <paramref name="attempt"/> (1 for the first).</summary>
    public TimeSpan Delay(int attempt, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var exponent = Math.Min(attempt - 1, 30);
        var ticks = Math.Min(Max.Ticks, Min.Ticks * Math.Pow(2, exponent));
        return TimeSpan.FromTicks((long)(ticks * (1 - RandomFactor * random.NextDouble())));
    }
}
