using System.Text;

namespace Qulo.Actors.Metrics;

/// <summary>Builds Graphite paths. Components are sanitised so that a mount point, a NIC or a chip label never adds a level.</summary>
public static class MetricPath
{
    /// <summary>The name the root mount point "/" gets as a path component.</summary>
    public const string RootMountName = "root";

    /// <summary>Anything outside [A-Za-z0-9_-] becomes '_'.</summary>
    public static string Sanitize(string component)
    {
        if (component.Length == 0) return "_";
        var clean = true;
        foreach (var c in component)
            if (!IsAllowed(c)) { clean = false; break; }
        if (clean) return component;
        var sb = new StringBuilder(component.Length);
        foreach (var c in component) sb.Append(IsAllowed(c) ? c : '_');
        return sb.ToString();
    }

    /// <summary>"/" -> "root", "/home/data" -> "home_data", "/mnt/my disk" -> "mnt_my_disk".</summary>
    public static string MountPoint(string mountPoint)
    {
        var trimmed = mountPoint.Trim('/');
        return trimmed.Length == 0 ? RootMountName : Sanitize(trimmed);
    }

    /// <summary>Joins already-sanitised components with dots, skipping empty ones.</summary>
    public static string Join(params string[] components) =>
        string.Join('.', components.Where(c => c.Length > 0));

    private static bool IsAllowed(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' or '-';
}
