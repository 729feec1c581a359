namespace Qulo.Actors.Agent;

/// <summary>Graphite timestamps: Unix seconds with millisecond precision.</summary>
public static class UnixTime
{
    public static double Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
}
