using Qulo.LoadGen;
using Serilog;
using Serilog.Events;

// Benchmarks of the master and the agent's node (bench/run-all.sh runs them):
//   run        N simulated agents in several processes -> a real qmaster -> a verifying carbon receiver
//   agents     one worker process of `run` (simulated agents on one cluster node)
//   buffer     memory of the master's carbon buffer holding 1,000,000 datapoints
//   idle-node  a cluster node that does nothing, with Akka's defaults or QULo's tuning
Log.Logger = new LoggerConfiguration().MinimumLevel.Warning()
    .WriteTo.Console(standardErrorFromLevel: LogEventLevel.Verbose).CreateLogger();
try
{
    var options = Options.Parse(args.Skip(1));
    return args.FirstOrDefault() switch
    {
        "run" => await LoadRun.RunAsync(options),
        "agents" => await AgentsWorker.RunAsync(options),
        "buffer" => BufferMemory.Run(options),
        "idle-node" => await IdleNode.RunAsync(options),
        var mode => throw new ArgumentException($"unknown mode '{mode}': run, agents, buffer or idle-node"),
    };
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"Qulo.LoadGen: {e.Message}");
    return 2;
}
