using System.CommandLine;
using Qulo.Actors.Cli;
using Qulo.Actors.Config;
using Qulo.Actors.Master;

namespace Qulo.MasterNode;

/// <summary>`qmaster status`: the running master's view of the cluster, asked over Akka remoting.</summary>
internal static class StatusCommand
{
    public static Command Create(DaemonProgram<MasterSettings> program)
    {
        var config = CommonOptions.Config(program.DefaultConfigFile);
        var timeout = CommonOptions.Timeout(10, "for the master's answer");
        var command = new Command("status", "print the cluster as the master sees it: members, roles, state, age of each agent's last report")
        {
            config, timeout,
        };
        command.SetAction(result =>
        {
            if (!DaemonCommands.TryLoad(program, result.GetValue(config), out var loaded)) return ExitCodes.Usage;
            try
            {
                Console.Write(MasterStatusClient.QueryAsync(loaded.Settings.Bind, TimeSpan.FromSeconds(result.GetValue(timeout)), loaded.Settings.Tls).GetAwaiter().GetResult());
                return ExitCodes.Success;
            }
            catch (TimeoutException e)
            {
                Console.Error.WriteLine($"qmaster: {e.Message}");
                return ExitCodes.Failure;
            }
        });
        return command;
    }
}
