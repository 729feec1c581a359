using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Event;
using Qulo.Actors.Hosting;
using Xunit;

namespace Qulo.Tests.Cluster;

/// <summary>The agent's single thread for actors and timers (AgentLoop, AgentLoopScheduler, AgentLoopExecutor).</summary>
public sealed class AgentLoopTests : IDisposable
{
    private sealed class Flag : ICancelable
    {
        public bool IsCancellationRequested { get; private set; }
        public CancellationToken Token => CancellationToken.None;
        public void Cancel() => IsCancellationRequested = true;
        public void Cancel(bool throwOnFirstException) => Cancel();
        public void CancelAfter(TimeSpan delay) => throw new NotSupportedException();
        public void CancelAfter(int millisecondsDelay) => throw new NotSupportedException();
    }

    private static readonly TimeSpan Quantum = TimeSpan.FromMilliseconds(100);
    private readonly AgentLoop _loop = new(Quantum, NoLogger.Instance);

    public void Dispose() => _loop.Dispose();

    /// <summary>Wall-clock time since the Unix epoch: the loop's timers fall on its whole quanta and periods.</summary>
    private static TimeSpan WallClock => DateTime.UtcNow - DateTime.UnixEpoch;

    private static void Within(TimeSpan timeout, Func<bool> condition, string what)
    {
        if (!SpinWait.SpinUntil(condition, timeout)) Assert.Fail($"{what} within {timeout}");
    }

    [Fact]
    public void Posted_work_runs_in_order_on_the_loop_thread()
    {
        var seen = new ConcurrentQueue<(int, bool)>();
        for (var i = 0; i < 100; i++)
        {
            var n = i;
            _loop.Post(new ActionRunnable(() => seen.Enqueue((n, _loop.IsLoopThread))));
        }
        Within(TimeSpan.FromSeconds(5), () => seen.Count == 100, "100 posted items run");
        Assert.Equal(Enumerable.Range(0, 100).Select(n => (n, true)), seen);
        Assert.False(_loop.IsLoopThread);
    }

    [Fact]
    public void A_timer_fires_once_its_delay_has_passed_rounded_up_to_the_quantum()
    {
        var delay = TimeSpan.FromMilliseconds(250);
        var scheduledAt = WallClock;
        var firedAt = TimeSpan.Zero;
        _loop.Schedule(delay, TimeSpan.Zero, new ActionRunnable(() => firedAt = WallClock), null);
        Within(TimeSpan.FromSeconds(5), () => firedAt != TimeSpan.Zero, "the timer fired");
        Assert.True(firedAt >= scheduledAt + delay, $"fired {firedAt - scheduledAt} after scheduling, asked for {delay}");
        // On a whole quantum of wall-clock time (it waits until then), not before.
        var offset = firedAt.Ticks % Quantum.Ticks;
        Assert.True(offset < TimeSpan.FromMilliseconds(50).Ticks, $"fired {TimeSpan.FromTicks(offset)} after a quantum");
    }

    [Fact]
    public void A_repeating_timer_keeps_its_period_until_cancelled()
    {
        var fired = new ConcurrentQueue<TimeSpan>();
        var cancel = new Flag();
        var period = TimeSpan.FromMilliseconds(200);
        _loop.Schedule(TimeSpan.Zero, period, new ActionRunnable(() => fired.Enqueue(WallClock)), cancel);
        Within(TimeSpan.FromSeconds(10), () => fired.Count >= 6, "six firings");
        cancel.Cancel();
        var count = fired.Count;
        Thread.Sleep(period * 3);
        Assert.InRange(fired.Count, count, count + 1); // one firing may have been under way

        // Each firing is on a multiple of the period (since the epoch): a late firing does not shift the next ones.
        Assert.All(fired, t => Assert.True(t.Ticks % period.Ticks < TimeSpan.FromMilliseconds(80).Ticks, $"{t} is off the period's grid"));
    }

    [Fact]
    public void Timers_with_related_periods_share_wake_ups()
    {
        var fast = new ConcurrentQueue<TimeSpan>();
        var slow = new ConcurrentQueue<TimeSpan>();
        _loop.Schedule(TimeSpan.FromMilliseconds(30), TimeSpan.FromMilliseconds(200), new ActionRunnable(() => fast.Enqueue(_loop.Elapsed)), null);
        _loop.Schedule(TimeSpan.FromMilliseconds(130), TimeSpan.FromMilliseconds(400), new ActionRunnable(() => slow.Enqueue(_loop.Elapsed)), null);
        Within(TimeSpan.FromSeconds(10), () => slow.Count >= 4, "four firings of the slower timer");

        // Every firing of the 400 ms timer happened in the same wake-up as one of the 200 ms timer, not on a
        // quantum of its own (quanta are 100 ms apart).
        Assert.All(slow, s => Assert.True(fast.Any(f => (f - s).Duration() < TimeSpan.FromMilliseconds(20)),
            $"the 400 ms timer fired alone at {s}; the 200 ms timer fired at {string.Join(", ", fast)}"));
    }

    [Fact]
    public void Loops_started_at_different_times_fire_their_timers_at_the_same_instants()
    {
        // Two agents on NTP-synchronised nodes: their heartbeats and sensors wake both at the same moments.
        var period = TimeSpan.FromMilliseconds(200);
        var first = new ConcurrentQueue<TimeSpan>();
        var second = new ConcurrentQueue<TimeSpan>();
        _loop.Schedule(TimeSpan.Zero, period, new ActionRunnable(() => first.Enqueue(WallClock)), null);
        Thread.Sleep(130);
        using var later = new AgentLoop(Quantum, NoLogger.Instance);
        later.Schedule(TimeSpan.Zero, period, new ActionRunnable(() => second.Enqueue(WallClock)), null);
        Within(TimeSpan.FromSeconds(10), () => second.Count >= 5, "five firings on the later loop");

        // Unaligned, every firing of the later loop would be 70 ms from the first loop's. On a busy machine one
        // thread can wake 30 ms late now and then, so one firing in five may miss.
        var fired = second.Take(5).ToList();
        var together = fired.Count(s => first.Any(f => (f - s).Duration() < TimeSpan.FromMilliseconds(30)));
        Assert.True(together >= 4, $"{together} of 5: the later loop fired at {string.Join(", ", fired)}, the first at {string.Join(", ", first)}");
    }

    [Fact]
    public void Work_delivered_through_RunHere_while_the_loop_is_idle_runs_on_the_delivering_thread_with_what_it_posts()
    {
        var ranOn = new List<(string, int)>();
        var caller = Environment.CurrentManagedThreadId;
        _loop.RunHere(() => _loop.Post(new ActionRunnable(() =>
        {
            ranOn.Add(("delivered", Environment.CurrentManagedThreadId));
            _loop.Post(new ActionRunnable(() => ranOn.Add(("posted by it", Environment.CurrentManagedThreadId))));
        })));

        // Both ran before RunHere returned, on this thread: the loop's thread was not woken.
        Assert.Equal([("delivered", caller), ("posted by it", caller)], ranOn);
    }

    [Fact]
    public async Task Work_delivered_through_RunHere_while_the_loop_is_busy_waits_for_the_loop_thread()
    {
        using var busy = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        _loop.Post(new ActionRunnable(() =>
        {
            busy.Set();
            release.Wait(TimeSpan.FromSeconds(10));
        }));
        Assert.True(busy.Wait(TimeSpan.FromSeconds(5)));

        var ranOnLoop = new TaskCompletionSource<bool>();
        _loop.RunHere(() => _loop.Post(new ActionRunnable(() => ranOnLoop.SetResult(_loop.IsLoopThread))));
        Assert.False(ranOnLoop.Task.IsCompleted, "the work ran beside the busy loop thread");
        release.Set();
        Assert.True(await ranOnLoop.Task.WaitAsync(TimeSpan.FromSeconds(5)), "the work ran on the loop's thread after it");
    }

    [Fact]
    public void Timers_keep_firing_on_the_loop_thread_while_other_threads_run_its_work()
    {
        var fired = new ConcurrentQueue<bool>();
        _loop.Schedule(TimeSpan.Zero, Quantum, new ActionRunnable(() => fired.Enqueue(_loop.IsLoopThread)), null);
        var stop = DateTime.UtcNow + TimeSpan.FromSeconds(1);
        using var ran = new SemaphoreSlim(0);
        while (DateTime.UtcNow < stop)
        {
            // One item at a time, run here whenever the loop is idle. Posting without waiting queued up to a million
            // items behind a loop that ran one a millisecond; disposal moved them all to the thread pool, where they
            // kept a later test's work from running for over 30 s.
            _loop.RunHere(() => _loop.Post(new ActionRunnable(() => { Thread.Sleep(1); ran.Release(); })));
            Assert.True(ran.Wait(TimeSpan.FromSeconds(5)), "the posted work ran");
        }
        Within(TimeSpan.FromSeconds(5), () => fired.Count >= 8, "eight firings of a 100 ms timer");
        Assert.All(fired, Assert.True);
    }

    [Fact]
    public void Failing_work_is_logged_and_the_loop_goes_on()
    {
        var ran = false;
        _loop.Post(new ActionRunnable(() => throw new InvalidOperationException("boom")));
        _loop.Post(new ActionRunnable(() => ran = true));
        Within(TimeSpan.FromSeconds(5), () => ran, "the work after the failing one ran");
    }

    [Fact]
    public async Task After_disposal_pending_timers_run_once_and_new_work_runs_on_the_thread_pool()
    {
        var timerRan = new ManualResetEventSlim();
        _loop.Schedule(TimeSpan.FromHours(1), TimeSpan.Zero, new ActionRunnable(timerRan.Set), null);
        _loop.Dispose();
        // Both run on the thread pool, which the tests running beside this one share.
        Assert.True(timerRan.Wait(TimeSpan.FromSeconds(30)), "the pending timer ran at disposal; " + PoolState());

        var onPool = new TaskCompletionSource<bool>();
        _loop.Post(new ActionRunnable(() => onPool.SetResult(Thread.CurrentThread.IsThreadPoolThread)));
        Assert.True(await onPool.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Throws<SchedulerException>(() => _loop.Schedule(TimeSpan.Zero, TimeSpan.Zero, new ActionRunnable(() => { }), null));
    }

    /// <summary>What a failure needs to tell a starved thread pool from work that never reached it.</summary>
    private static string PoolState() =>
        $"thread pool: {ThreadPool.ThreadCount} threads, {ThreadPool.PendingWorkItemCount} items waiting, {ThreadPool.CompletedWorkItemCount} done; "
        + $"waiting on thread '{Thread.CurrentThread.Name}' (pool: {Thread.CurrentThread.IsThreadPoolThread})";

    private sealed class WhereAmI : ReceiveActor
    {
        public WhereAmI() => ReceiveAny(_ => Sender.Tell(Thread.CurrentThread.Name));
    }

    [Fact]
    public async Task An_actor_system_with_the_agent_tuning_runs_actors_and_timers_on_the_loop()
    {
        using var system = ActorSystem.Create("loop", ClusterTuning.For([ClusterRoles.Agent]).WithFallback(ConfigurationFactory.ParseString("akka.actor.provider = local")));
        Assert.IsType<AgentLoopScheduler>(system.Scheduler);
        var actor = system.ActorOf(Props.Create<WhereAmI>());
        Assert.Equal("qulo-agent-loop", await actor.Ask<string>("where", TimeSpan.FromSeconds(5)));

        var inbox = Inbox.Create(system);
        system.Scheduler.ScheduleTellOnce(TimeSpan.FromMilliseconds(10), actor, "later", inbox.Receiver);
        Assert.Equal("qulo-agent-loop", inbox.Receive(TimeSpan.FromSeconds(5)));
        await system.Terminate();
    }

    private sealed class Counter : ReceiveActor
    {
        private int _count;
        public Counter()
        {
            Receive<string>(m => m == "tick", _ => _count++);
            Receive<string>(m => m == "count", _ => Sender.Tell(_count));
        }
    }

    [Fact]
    public async Task Akka_s_own_repeating_timers_fire_at_most_every_shortest_system_period_and_QULo_s_keep_their_period()
    {
        using var system = ActorSystem.Create("loop", ConfigurationFactory.ParseString("""
            akka.actor.provider = local
            akka.scheduler.implementation = "Qulo.Actors.Hosting.AgentLoopScheduler, Qulo.Actors"
            akka.scheduler.tick-duration = 20ms
            akka.scheduler.agent-loop.shortest-system-period = 400ms
            """));
        var akkas = ((ExtendedActorSystem)system).SystemActorOf(Props.Create<Counter>(), "housekeeping");
        var qulos = system.ActorOf(Props.Create<Counter>(), "sensor");
        Assert.Equal("system", akkas.Path.Elements[0]);
        var period = TimeSpan.FromMilliseconds(40);
        system.Scheduler.ScheduleTellRepeatedly(period, period, akkas, "tick", ActorRefs.NoSender);
        system.Scheduler.ScheduleTellRepeatedly(period, period, qulos, "tick", ActorRefs.NoSender);
        await Task.Delay(TimeSpan.FromSeconds(2));
        var (akkaTicks, quloTicks) = (await akkas.Ask<int>("count"), await qulos.Ask<int>("count"));
        // 2 s: at most 5 ticks 400 ms apart (6 with rounding at both ends), and about 50 at 40 ms.
        Assert.InRange(akkaTicks, 3, 6);
        Assert.InRange(quloTicks, 25, 51);
        await system.Terminate();
    }

    private sealed class Prerequisites(IScheduler scheduler) : IDispatcherPrerequisites
    {
        public EventStream EventStream => throw new NotSupportedException();
        public IScheduler Scheduler => scheduler;
        public Settings Settings => throw new NotSupportedException();
        public Mailboxes Mailboxes => throw new NotSupportedException();
    }

    [Fact]
    public void The_executor_without_the_loop_scheduler_names_the_missing_setting()
    {
        using var system = ActorSystem.Create("wheel");
        var executor = new AgentLoopExecutor(ConfigurationFactory.Empty, new Prerequisites(system.Scheduler));
        var error = Assert.Throws<ConfigurationException>(() => executor.Produce("akka.actor.default-dispatcher"));
        Assert.Contains("akka.scheduler.implementation", error.Message);
    }
}
