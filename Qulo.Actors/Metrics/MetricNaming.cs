using System.Net;
using Qulo.Actors.Config;

namespace Qulo.Actors.Metrics;

/// <summary>Turns a node's naming settings into the HOST part of its paths, and readings into metrics.</summary>
public static class MetricNaming
{
    /// <summary>
    /// "[prefix.]HOST": the explicit hostname if set, else the short host name (the successor project's
    /// choice), or the full name with dots turned into '_' when use-fqdn is on.
    /// </summary>
    public static string HostPrefix(HostNaming naming)
    {
        var host = naming.Hostname.Length > 0 ? naming.Hostname
            : naming.UseFqdn ? FullHostName()
            : Dns.GetHostName().Split('.')[0];
        var prefix = naming.Prefix.Split('.', StringSplitOptions.RemoveEmptyEntries).Select(MetricPath.Sanitize);
        return MetricPath.Join([.. prefix, MetricPath.Sanitize(host)]);
    }

    /// <summary>"HOST.Sensor": the part every metric of a sensor shares, built once per sensor.</summary>
    public static string SensorPrefix(string hostPrefix, string sensor) => hostPrefix + "." + sensor;

    public static Metric ToMetric(string sensorPrefix, Reading reading, double timestamp) =>
        new(reading.Name.Length == 0 ? sensorPrefix : sensorPrefix + "." + reading.Name, timestamp, reading.Value);

    public static double UnixNow() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;

    private static string FullHostName()
    {
        var name = Dns.GetHostName();
        try
        {
            name = Dns.GetHostEntry(name).HostName;
        }
        catch (System.Net.Sockets.SocketException)
        {
            // No resolver entry for ourselves (containers): the kernel's name is the best there is.
        }
        return name;
    }
}
