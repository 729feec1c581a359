using System.Text.Json;
using System.Text.Json.Nodes;

namespace Qulo.Actors.Dashboards;

/// <summary>
/// Grafana dashboards (JSON to import) over QULo's Graphite paths: "overview" (every node side by
/// side, the master's pipeline) and "node" (one node in depth, picked with a host drop-down). Both
/// ask for a Graphite data source when imported.
/// </summary>
public static class GrafanaDashboards
{
    public static readonly IReadOnlyList<string> Kinds = ["overview", "node"];

    private const int PanelWidth = 12, PanelHeight = 8, GridColumns = 24;
    private const string DataSource = "${datasource}";

    /// <exception cref="ArgumentException">An unknown kind (the message lists the known ones).</exception>
    public static string Generate(string kind) => kind switch
    {
        "overview" => Dashboard("qulo-overview", "QULo cluster overview", DashboardPanels.Overview, withHostVariable: false),
        "node" => Dashboard("qulo-node", "QULo node", DashboardPanels.Node, withHostVariable: true),
        _ => throw new ArgumentException($"{kind}: unknown dashboard; known ones are: {string.Join(", ", Kinds)}", nameof(kind)),
    };

    private static string Dashboard(string uid, string title, IReadOnlyList<DashboardPanel> panels, bool withHostVariable)
    {
        JsonArray variables = [DataSourceVariable()];
        if (withHostVariable) variables.Add(HostVariable());
        var dashboard = new JsonObject
        {
            ["uid"] = uid,
            ["title"] = title,
            ["tags"] = new JsonArray("qulo"),
            ["timezone"] = "browser",
            ["schemaVersion"] = 39,
            ["refresh"] = "30s",
            ["time"] = new JsonObject { ["from"] = "now-1h", ["to"] = "now" },
            ["templating"] = new JsonObject { ["list"] = variables },
            ["panels"] = new JsonArray([.. panels.Select(Panel)]),
        };
        return dashboard.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static JsonNode Panel(DashboardPanel panel, int index) => new JsonObject
    {
        ["id"] = index + 1,
        ["type"] = "timeseries",
        ["title"] = panel.Title,
        ["datasource"] = new JsonObject { ["type"] = "graphite", ["uid"] = DataSource },
        ["gridPos"] = new JsonObject
        {
            ["x"] = index % (GridColumns / PanelWidth) * PanelWidth,
            ["y"] = index / (GridColumns / PanelWidth) * PanelHeight,
            ["w"] = PanelWidth,
            ["h"] = PanelHeight,
        },
        ["fieldConfig"] = new JsonObject { ["defaults"] = new JsonObject { ["unit"] = panel.Unit }, ["overrides"] = new JsonArray() },
        ["targets"] = new JsonArray([.. panel.Targets.Select((target, i) => (JsonNode)new JsonObject
        {
            ["refId"] = ((char)('A' + i)).ToString(),
            ["target"] = target,
        })]),
    };

    private static JsonObject DataSourceVariable() => new()
    {
        ["name"] = "datasource",
        ["label"] = "Graphite",
        ["type"] = "datasource",
        ["query"] = "graphite",
    };

    /// <summary>The first path level is HOST: every top-level node is offered.</summary>
    private static JsonObject HostVariable() => new()
    {
        ["name"] = DashboardPanels.HostVariable.TrimStart('$'),
        ["label"] = "Node",
        ["type"] = "query",
        ["datasource"] = new JsonObject { ["type"] = "graphite", ["uid"] = DataSource },
        ["query"] = "*",
        ["refresh"] = 2,
        ["sort"] = 1,
    };
}
