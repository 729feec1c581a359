using System.Diagnostics;
using Akka.Actor;
using Akka.Dispatch;
using Akka.Event;

namespace Qulo.Actors.Hosting;

/// <summary>
/// The one thread that runs an agent's actors and timers (<see cref="AgentLoopScheduler"/>,
/// <see cref="AgentLoopExecutor"/>). On a compute node every wake-up is jitter for the jobs; with Akka's
/// defaults a single timer firing wakes the .NET timer thread, which wakes a thread-pool worker, which
/// wakes more workers for each mailbox it schedules (strace: ~25 context switches per wake-up). Here a
/// timer and the messages it causes run on this thread in one wake-up, and the thread sleeps until the
/// next timer is due or a message arrives from another thread (remoting, sensor reads).
/// Due times are rounded up to whole quanta (the agent's 1 s scheduler tick), so that timers of
/// different owners (sensors, heartbeats, gossip) share wake-ups as they did on Akka's timer wheel; a
/// repeating timer keeps its exact period (its nominal times are kept, only the firing is rounded).
/// A thread that delivers messages from the network (<see cref="AgentTcpTransport"/>) can run them itself
/// while the loop is idle (<see cref="RunHere"/>): the loop's thread then sleeps on, and a heartbeat from a
/// peer is answered in the one wake-up of the thread that received it.
/// </summary>
public sealed class AgentLoop : IDisposable
{
    private sealed class Timed(IRunnable work, ICancelable? cancelable, long nominal, long interval)
    {
        public IRunnable Work { get; } = work;
        public long Nominal { get; set; } = nominal;
        public long Interval { get; } = interval;
        public bool Cancelled => cancelable?.IsCancellationRequested ?? false;
    }

    private readonly object _gate = new();
    private readonly Queue<IRunnable> _work = new();
    private readonly PriorityQueue<Timed, (long Due, long Order)> _timers = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    /// <summary>Where the timers' grid starts: the Unix epoch, as the system clock read when the loop started.</summary>
    private readonly long _origin = DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks;
    private readonly long _quantum;
    private readonly ILoggingAdapter _log;
    private readonly Thread _thread;
    private long _order;
    private bool _sleeping, _stopped;
    /// <summary>The loop's thread is running an item; another thread is running items in its place (<see cref="RunHere"/>).</summary>
    private bool _loopRunning, _lent;
    /// <summary>The loop's thread waits for the thread running items in its place to finish.</summary>
    private bool _waitingForLender;
    /// <summary>The loop whose work the current thread runs, or will run, in the loop's place: its posts wake nobody.</summary>
    [ThreadStatic] private static AgentLoop? _lending;

    /// <summary>The most items a thread runs in the loop's place before it hands the rest to the loop's thread.</summary>
    private const int LentRunLimit = 1000;

    public AgentLoop(TimeSpan quantum, ILoggingAdapter log)
    {
        if (quantum <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(quantum), quantum, "must be positive");
        (_quantum, _log) = (quantum.Ticks, log);
        _thread = new Thread(Run) { IsBackground = true, Name = "qulo-agent-loop" };
        _thread.Start();
    }

    /// <summary>Time since the loop started, on the monotonic clock its timers use.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>
    /// The timers' clock: monotonic, in ticks since the Unix epoch as of the loop's start. Quanta and periods
    /// fall on whole seconds of wall-clock time, so that on NTP-synchronised nodes every agent wakes at the
    /// same instants: its own heartbeats, the heartbeats of the nodes it monitors and their answers arrive
    /// in one short burst, and for the jobs the agents' noise is synchronised across the nodes of a job,
    /// which costs tightly coupled (MPI) jobs far less than the same noise at random times.
    /// </summary>
    private long Now => _origin + _clock.Elapsed.Ticks;

    /// <summary>Whether the caller runs on the loop's thread.</summary>
    public bool IsLoopThread => Thread.CurrentThread == _thread;

    /// <summary>Runs <paramref name="work"/> on the loop, after the work posted before it.</summary>
    public void Post(IRunnable work)
    {
        lock (_gate)
        {
            if (!_stopped)
            {
                _work.Enqueue(work);
                if (_sleeping && _lending != this) Monitor.Pulse(_gate);
                return;
            }
        }
        // Late work (mailboxes of a system that is terminating) still runs, on the thread pool.
        ThreadPool.UnsafeQueueUserWorkItem(work, preferLocal: false);
    }

    /// <summary>
    /// Runs <paramref name="work"/> on the loop once <paramref name="delay"/> has passed (rounded up to the
    /// quantum) and then, when <paramref name="interval"/> is positive, every interval, until cancelled.
    /// </summary>
    public void Schedule(TimeSpan delay, TimeSpan interval, IRunnable work, ICancelable? cancelable)
    {
        var first = Now + delay.Ticks;
        // A period of whole quanta fires on multiples of itself (since the epoch, see Now), so that timers
        // with related periods (4 s heartbeats and gossip, 20 s and 60 s sensors) share wake-ups
        // instead of falling on different quanta. The first firing moves by less than one period.
        if (interval.Ticks > 0 && interval.Ticks % _quantum == 0)
            first = (first + interval.Ticks - 1) / interval.Ticks * interval.Ticks;
        var timed = new Timed(work, cancelable, first, interval.Ticks);
        lock (_gate)
        {
            if (_stopped) throw new SchedulerException("cannot schedule after the agent loop stopped");
            var earliest = _timers.TryPeek(out _, out var head) ? head.Due : long.MaxValue;
            var due = Enqueue(timed);
            if (_sleeping && due < earliest) Monitor.Pulse(_gate);
        }
    }

    private long Enqueue(Timed timed)
    {
        var due = (timed.Nominal + _quantum - 1) / _quantum * _quantum;
        _timers.Enqueue(timed, (due, _order++));
        return due;
    }

    private void Run()
    {
        while (Next() is { } work) RunOne(work);
    }

    private void RunOne(IRunnable work)
    {
        try
        {
            work.Run();
        }
        catch (SchedulerException)
        {
            // A timer of an actor system that is shutting down; nothing left to tell.
        }
        catch (Exception e)
        {
            _log.Error(e, "Agent loop: {0} failed", work);
        }
    }

    /// <summary>
    /// Calls <paramref name="deliver"/>, which posts work (tells actors), and then, if the loop's thread is idle,
    /// runs that work and what it causes on the calling thread instead of waking the loop's thread; one
    /// thread at a time runs the loop's work either way. Timers stay with the loop's thread.
    /// </summary>
    public void RunHere(Action deliver)
    {
        var outer = _lending;
        _lending = this;
        try
        {
            deliver();
        }
        finally
        {
            _lending = outer;
            // Also when deliver failed: what it posted would otherwise wait for the loop's next timer.
            if (outer != this) RunPostedHere(outer);
        }
    }

    private void RunPostedHere(AgentLoop? outer)
    {
        lock (_gate)
        {
            if (_stopped || _loopRunning || _lent || _work.Count == 0)
            {
                // The loop's thread, or another lender, runs it; a loop asleep is woken for it.
                if (_sleeping && !_lent && _work.Count > 0) Monitor.Pulse(_gate);
                return;
            }
            _lent = true;
        }
        _lending = this;
        try
        {
            for (var run = 0; run < LentRunLimit; run++)
            {
                IRunnable? work;
                lock (_gate)
                    if (_stopped || !_work.TryDequeue(out work)) break;
                RunOne(work);
            }
        }
        finally
        {
            _lending = outer;
            lock (_gate)
            {
                _lent = false;
                if (_sleeping && (_waitingForLender || _work.Count > 0)) Monitor.Pulse(_gate);
            }
        }
    }

    /// <summary>
    /// The next thing to run: a due timer first (its work only tells an actor, so a burst of due timers
    /// fills the queue before any of their messages is handled, in the same wake-up), then posted work;
    /// waits when there is neither. Timers first also keeps a busy queue from holding them back.
    /// </summary>
    private IRunnable? Next()
    {
        lock (_gate)
        {
            _loopRunning = false;
            while (true)
            {
                if (_stopped) return null; // Dispose moved what was left to the thread pool
                if (_lent)
                {
                    _sleeping = _waitingForLender = true;
                    Monitor.Wait(_gate);
                    _sleeping = _waitingForLender = false;
                    continue;
                }
                var now = Now;
                if (_timers.TryPeek(out var timed, out var first) && first.Due <= now)
                {
                    _timers.Dequeue();
                    if (timed.Cancelled) continue;
                    if (timed.Interval > 0)
                    {
                        // A loop that fell behind (a long pause) fires once and keeps the rhythm, without catching up.
                        timed.Nominal += timed.Interval;
                        if (timed.Nominal <= now) timed.Nominal += (now - timed.Nominal) / timed.Interval * timed.Interval + timed.Interval;
                        Enqueue(timed);
                    }
                    _loopRunning = true;
                    return timed.Work;
                }
                if (_work.TryDequeue(out var work))
                {
                    _loopRunning = true;
                    return work;
                }
                var wait = _timers.Count == 0 ? Timeout.Infinite : (int)Math.Min(int.MaxValue, (first.Due - now + TimeSpan.TicksPerMillisecond - 1) / TimeSpan.TicksPerMillisecond);
                _sleeping = true;
                Monitor.Wait(_gate, wait);
                _sleeping = false;
            }
        }
    }

    /// <summary>
    /// Stops the thread. As Akka's own scheduler does at shutdown, timers still pending run once (their
    /// messages go to dead letters or to actors still stopping) and posted work moves to the thread pool.
    /// </summary>
    public void Dispose()
    {
        List<IRunnable> pending;
        lock (_gate)
        {
            if (_stopped) return;
            _stopped = true;
            Monitor.Pulse(_gate);
            pending = [.. _work];
            _work.Clear();
            while (_timers.TryDequeue(out var timed, out _))
                if (!timed.Cancelled) pending.Add(timed.Work);
        }
        if (!IsLoopThread && !_thread.Join(TimeSpan.FromSeconds(5)))
            _log.Warning("Agent loop: its thread did not stop within 5 s");
        foreach (var work in pending)
            ThreadPool.UnsafeQueueUserWorkItem(work, preferLocal: false);
    }
}
