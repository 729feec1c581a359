namespace Qulo.Actors.Agent;

/// <summary>The pseudo-sensor names under which QULo reports on itself: HOST.QuloAgent.*, MASTERHOST.QuloMaster.*.</summary>
public static class SelfMetricNames
{
    public const string Agent = "QuloAgent";
    public const string Master = "QuloMaster";
}
