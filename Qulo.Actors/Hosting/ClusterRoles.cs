namespace Qulo.Actors.Hosting;

/// <summary>The cluster roles QULo itself gives its nodes; `--role` adds more.</summary>
public static class ClusterRoles
{
    public const string Master = "master";
    public const string Agent = "agent";
}
