using Qulo.Actors.Metrics;
using Qulo.Actors.Sensors.Procfs;

namespace Qulo.Actors.Sensors.SystemInfo;

/// <summary>
/// psutil.users() as numbers: the login sessions of the utmp file, in all and per user. The original sent
/// nothing for this list-valued sensor; counts are what a graph can show.
/// </summary>
public sealed class UsersSensor(SensorContext context) : IDescribedSensor
{
    public static SensorInfo Info { get; } = new(
        "Users",
        "Logged-in user sessions from utmp (psutil.users): the total, and per user name. "
        + "Nothing is reported on a machine without a utmp file.",
        [],
        ["Users.count", "Users.{user}.sessions"],
        context => new UsersSensor(context));

    public IReadOnlyList<Reading> Read()
    {
        var path = context.Roots.Utmp;
        // Systems without utmp (containers, systemd builds without it) have no sessions to report.
        if (!File.Exists(path)) return [];
        var sessions = UtmpFile.UserSessions(path, ProcFile.ReadAllBytes(path));
        var readings = new List<Reading> { new("count", sessions.Count) };
        // Two names that sanitise alike ("a.b", "a_b") share one path, so their sessions are added up.
        readings.AddRange(sessions
            .GroupBy(MetricPath.Sanitize, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new Reading(MetricPath.Join(g.Key, "sessions"), g.Count())));
        return readings;
    }
}
