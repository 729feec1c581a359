using Akka.Configuration;
using Akka.Dispatch;

namespace Qulo.Actors.Hosting;

/// <summary>
/// Akka dispatcher executor (<c>executor = "Qulo.Actors.Hosting.AgentLoopExecutor, Qulo.Actors"</c>) that
/// runs mailboxes on the actor system's <see cref="AgentLoop"/> instead of the .NET thread pool. It needs
/// <see cref="AgentLoopScheduler"/> as the system's scheduler, which owns the loop.
/// </summary>
public sealed class AgentLoopExecutor(Akka.Configuration.Config config, IDispatcherPrerequisites prerequisites)
    : ExecutorServiceConfigurator(config, prerequisites)
{
    private sealed class OnLoop(string id, AgentLoop loop) : ExecutorService(id)
    {
        public override void Execute(IRunnable run) => loop.Post(run);

        // The loop belongs to the scheduler, which stops it when the actor system terminates.
        public override void Shutdown() { }
    }

    public override ExecutorService Produce(string id) =>
        Prerequisites.Scheduler is AgentLoopScheduler scheduler
            ? new OnLoop(id, scheduler.Loop)
            : throw new ConfigurationException(
                $"Dispatcher {id}: {nameof(AgentLoopExecutor)} needs akka.scheduler.implementation = \"{typeof(AgentLoopScheduler).FullName}, Qulo.Actors\"");
}
