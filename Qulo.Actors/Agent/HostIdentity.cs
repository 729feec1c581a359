using System.Net;
using Qulo.Actors.Config;
using Qulo.Actors.Metrics;

namespace Qulo.Actors.Agent;

/// <summary>HOST in HOST.Sensor.field: how a node names itself in Graphite (agents and the master alike).</summary>
public static class HostIdentity
{
    /// <summary>
    /// The explicit hostname when given, else the machine's short name (or its FQDN with dots turned
    /// into '_' when UseFqdn), each sanitised to one path component; a prefix ("site.cluster") goes in front.
    /// </summary>
    public static string Resolve(HostNaming naming) =>
        Resolve(naming, Dns.GetHostName, () => Dns.GetHostEntry(Dns.GetHostName()).HostName);

    internal static string Resolve(HostNaming naming, Func<string> hostName, Func<string> fullyQualifiedName)
    {
        var host = naming.Hostname.Length > 0 ? naming.Hostname
            : naming.UseFqdn ? Fqdn(fullyQualifiedName, hostName)
            : hostName().Split('.')[0];
        var prefix = naming.Prefix.Split('.', StringSplitOptions.RemoveEmptyEntries).Select(MetricPath.Sanitize);
        return MetricPath.Join([.. prefix, MetricPath.Sanitize(host)]);
    }

    private static string Fqdn(Func<string> fullyQualifiedName, Func<string> hostName)
    {
        try
        {
            return fullyQualifiedName();
        }
        catch (System.Net.Sockets.SocketException)
        {
            // No resolver entry for this machine: its own name is the best FQDN there is.
            return hostName();
        }
    }
}
