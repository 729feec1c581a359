using Akka.Actor;
using Akka.Dispatch;
using Akka.Event;

namespace Qulo.Actors.Hosting;

/// <summary>
/// Akka's scheduler for an agent (<c>akka.scheduler.implementation</c>, ClusterTuning.AgentHocon): timers
/// run on the <see cref="AgentLoop"/>, rounded to <c>akka.scheduler.tick-duration</c>, and the loop sleeps
/// while none is due. Akka's timer wheel instead wakes every tick, whether or not anything is due.
/// Akka's own repeating timers (actors under /system) fire no more often than
/// <c>akka.scheduler.agent-loop.shortest-system-period</c>: some of them have a period no setting reaches
/// (the split-brain resolver's 1 s tick), and each would wake an idle agent between its heartbeat rounds.
/// QULo's own timers (sensors, under /user) keep their periods.
/// </summary>
public sealed class AgentLoopScheduler : SchedulerBase, IDateTimeOffsetNowTimeProvider, IDisposable
{
    private sealed class Tell(ICanTell receiver, object message, IActorRef sender) : IRunnable
    {
        public void Run() => receiver.Tell(message, sender);
        public void Execute() => Run();
        public override string ToString() => $"tell {message} to {receiver}";
    }

    private readonly TimeSpan _shortestSystemPeriod;

    public AgentLoopScheduler(Akka.Configuration.Config config, ILoggingAdapter log) : base(config, log)
    {
        Loop = new AgentLoop(config.GetTimeSpan("akka.scheduler.tick-duration"), log);
        _shortestSystemPeriod = config.GetTimeSpan("akka.scheduler.agent-loop.shortest-system-period", TimeSpan.Zero);
    }

    /// <summary>The thread that runs the timers, and the agent's dispatchers (<see cref="AgentLoopExecutor"/>).</summary>
    public AgentLoop Loop { get; }

    protected override DateTimeOffset TimeNow => DateTimeOffset.Now;

    public override TimeSpan MonotonicClock => Loop.Elapsed;

    public override TimeSpan HighResMonotonicClock => Loop.Elapsed;

    protected override void InternalScheduleTellOnce(TimeSpan delay, ICanTell receiver, object message, IActorRef sender, ICancelable cancelable) =>
        Loop.Schedule(delay, TimeSpan.Zero, new Tell(receiver, message, sender), cancelable);

    protected override void InternalScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, ICanTell receiver, object message,
        IActorRef sender, ICancelable cancelable) =>
        Loop.Schedule(initialDelay, IsSystemActor(receiver) && interval < _shortestSystemPeriod ? _shortestSystemPeriod : interval,
            new Tell(receiver, message, sender), cancelable);

    private static bool IsSystemActor(ICanTell receiver) =>
        receiver is IActorRef { Path.Elements: [ "system", .. ] };

    protected override void InternalScheduleOnce(TimeSpan delay, Action action, ICancelable cancelable) =>
        Loop.Schedule(delay, TimeSpan.Zero, new ActionRunnable(action), cancelable);

    protected override void InternalScheduleOnce(TimeSpan delay, IRunnable action, ICancelable cancelable) =>
        Loop.Schedule(delay, TimeSpan.Zero, action, cancelable);

    protected override void InternalScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, Action action, ICancelable cancelable) =>
        Loop.Schedule(initialDelay, interval, new ActionRunnable(action), cancelable);

    protected override void InternalScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, IRunnable action, ICancelable cancelable) =>
        Loop.Schedule(initialDelay, interval, action, cancelable);

    public void Dispose() => Loop.Dispose();
}
