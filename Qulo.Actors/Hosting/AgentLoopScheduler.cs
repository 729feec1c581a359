using Akka.Actor;
using Akka.Dispatch;
using Akka.Event;

namespace Qulo.Actors.Hosting;

/// <summary>
/// Akka's scheduler for an agent (<c>akka.scheduler.implementation</c>, ClusterTuning.AgentHocon): timers
/// run on the <see cref="AgentLoop"/>, rounded to <c>akka.scheduler.tick-duration</c>, and the loop sleeps
/// while none is due. Akka's timer wheel instead wakes every tick, whether or not anything is due.
/// </summary>
public sealed class AgentLoopScheduler : SchedulerBase, IDateTimeOffsetNowTimeProvider, IDisposable
{
    private sealed class Tell(ICanTell receiver, object message, IActorRef sender) : IRunnable
    {
        public void Run() => receiver.Tell(message, sender);
        public void Execute() => Run();
        public override string ToString() => $"tell {message} to {receiver}";
    }

    public AgentLoopScheduler(Akka.Configuration.Config config, ILoggingAdapter log) : base(config, log) =>
        Loop = new AgentLoop(config.GetTimeSpan("akka.scheduler.tick-duration"), log);

    /// <summary>The thread that runs the timers, and the agent's dispatchers (<see cref="AgentLoopExecutor"/>).</summary>
    public AgentLoop Loop { get; }

    protected override DateTimeOffset TimeNow => DateTimeOffset.Now;

    public override TimeSpan MonotonicClock => Loop.Elapsed;

    public override TimeSpan HighResMonotonicClock => Loop.Elapsed;

    protected override void InternalScheduleTellOnce(TimeSpan delay, ICanTell receiver, object message, IActorRef sender, ICancelable cancelable) =>
        Loop.Schedule(delay, TimeSpan.Zero, new Tell(receiver, message, sender), cancelable);

    protected override void InternalScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, ICanTell receiver, object message,
        IActorRef sender, ICancelable cancelable) =>
        Loop.Schedule(initialDelay, interval, new Tell(receiver, message, sender), cancelable);

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
