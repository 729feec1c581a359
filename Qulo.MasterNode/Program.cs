using Qulo.Actors.Cli;
using Qulo.Actors.Config;
using Qulo.Actors.Hosting;
using Qulo.MasterNode;

var program = new DaemonProgram<MasterSettings>(
    "qmaster",
    QuloProgram.Master,
    "QULo master: the cluster's seed node; receives the agents' metrics and forwards them to Graphite",
    Defaults.MasterConfigFile,
    Defaults.MasterPidFile,
    ConfigLoader.LoadMaster,
    settings => settings.Logging,
    MasterHost.RunAsync);

return DaemonCommands.Invoke(DaemonCommands.Build(program, StatusCommand.Create(program), DashboardCommand.Create()), args);
