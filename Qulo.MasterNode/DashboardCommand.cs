using System.CommandLine;
using Qulo.Actors.Cli;
using Qulo.Actors.Dashboards;

namespace Qulo.MasterNode;

/// <summary>`qmaster dashboard KIND`: Grafana dashboard JSON over the Graphite paths QULo writes.</summary>
internal static class DashboardCommand
{
    public static Command Create()
    {
        var kind = new Argument<string>("kind") { Description = $"which dashboard: {string.Join(" or ", GrafanaDashboards.Kinds)}" };
        kind.AcceptOnlyFromAmong([.. GrafanaDashboards.Kinds]);
        var command = new Command("dashboard", "print a Grafana dashboard (JSON, Graphite data source) to import") { kind };
        command.SetAction(result =>
        {
            Console.WriteLine(GrafanaDashboards.Generate(result.GetValue(kind)!));
            return ExitCodes.Success;
        });
        return command;
    }
}
