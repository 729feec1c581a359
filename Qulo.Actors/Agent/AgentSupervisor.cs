using Akka.Actor;
using Akka.Event;
using Qulo.Actors.Config;

namespace Qulo.Actors.Agent;

/// <summary>
/// Owns one <see cref="SensorActor"/> per configured sensor. A sensor that fails is stopped, its error
/// logged once with the sensor's name and counted (HOST.QuloAgent.sensor_restarts), and it is started
/// again after an exponential, jittered, capped <see cref="Backoff"/>; the other sensors are untouched.
/// <see cref="Reconfigure"/> (a reload) adds, removes and re-times sensors without touching the unchanged ones.
/// </summary>
public sealed class AgentSupervisor : ReceiveActor, IWithTimers
{
    private sealed record Restart(string Sensor);

    private sealed class SensorState(SensorSettings settings)
    {
        public SensorSettings Settings { get; } = settings;
        public int Failures { get; set; }
        public DateTime StartedAt { get; set; }
        public Exception? LastError { get; set; }
    }

    private readonly Dictionary<string, SensorState> _sensors;

    /// <summary>Sensors whose actor is stopping for a reload: what replaces it (null: nothing).</summary>
    private readonly Dictionary<string, SensorSettings?> _replacing = new();
    private readonly string _host;
    private readonly IActorRef _outbox;
    private readonly AgentCounters _counters;
    private readonly Backoff _backoff;
    private readonly Random _random = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public ITimerScheduler Timers { get; set; } = null!;

    public AgentSupervisor(IReadOnlyList<SensorSettings> sensors, string host, IActorRef outbox, AgentCounters counters, Backoff backoff)
    {
        _sensors = sensors.ToDictionary(s => s.Info.Name, s => new SensorState(s));
        (_host, _outbox, _counters, _backoff) = (host, outbox, counters, backoff);
        Receive<Terminated>(t => OnSensorStopped(t.ActorRef.Path.Name));
        Receive<Restart>(r =>
        {
            if (_sensors.TryGetValue(r.Sensor, out var sensor)) Start(sensor);
        });
        Receive<Reconfigure>(OnReconfigure);
    }

    public static Props Props(IReadOnlyList<SensorSettings> sensors, string host, IActorRef outbox, AgentCounters counters, Backoff backoff) =>
        Akka.Actor.Props.Create(() => new AgentSupervisor(sensors, host, outbox, counters, backoff));

    protected override void PreStart()
    {
        foreach (var sensor in _sensors.Values) Start(sensor);
    }

    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(Decide, loggingEnabled: false);

    /// <summary>Remembers why a sensor failed (logged when it has stopped) and stops it: restarts happen on our schedule, not Akka's.</summary>
    private Directive Decide(Exception cause)
    {
        var sensor = cause switch
        {
            SensorFailedException f => f.Sensor,
            ActorInitializationException { Actor: { } actor } => actor.Path.Name,
            _ => null,
        };
        if (sensor is not null && _sensors.TryGetValue(sensor, out var state)) state.LastError = cause;
        return Directive.Stop;
    }

    private void Start(SensorState sensor)
    {
        sensor.StartedAt = DateTime.UtcNow;
        var child = Context.ActorOf(SensorActor.Props(sensor.Settings, _host, _outbox, _counters), sensor.Settings.Info.Name);
        Context.Watch(child);
    }

    private void OnReconfigure(Reconfigure reconfigure)
    {
        var wanted = reconfigure.Sensors.ToDictionary(s => s.Info.Name);
        foreach (var name in _sensors.Keys.Union(_replacing.Keys).ToList())
        {
            var next = wanted.GetValueOrDefault(name);
            if (next is not null && !_replacing.ContainsKey(name) && _sensors[name].Settings == next) continue;
            var child = Context.Child(name);
            if (child.IsNobody())
            {
                // Waiting for a backoff restart: nothing runs, so the new settings apply at once.
                Timers.Cancel(name);
                Replace(name, next);
            }
            else
            {
                _replacing[name] = next;
                Context.Stop(child);
            }
            _log.Info("Reload: sensor {0} {1}", name, next is null ? "removed" : "re-configured");
        }
        foreach (var (name, settings) in wanted.Where(w => !_sensors.ContainsKey(w.Key) && !_replacing.ContainsKey(w.Key)))
        {
            _log.Info("Reload: sensor {0} added", name);
            Replace(name, settings);
        }
        _outbox.Tell(new SensorsChanged(reconfigure.Sensors.Select(s => s.Info.Name).ToList()));
    }

    private void Replace(string name, SensorSettings? next)
    {
        _sensors.Remove(name);
        if (next is null) return;
        var state = new SensorState(next);
        _sensors[name] = state;
        Start(state);
    }

    private void OnSensorStopped(string name)
    {
        if (_replacing.Remove(name, out var next))
        {
            Replace(name, next);
            return;
        }
        if (!_sensors.TryGetValue(name, out var sensor)) return;
        if (DateTime.UtcNow - sensor.StartedAt > _backoff.Max) sensor.Failures = 0;
        sensor.Failures++;
        var delay = _backoff.Delay(sensor.Failures, _random);
        var error = RootCause(sensor.LastError);
        _log.Error("Sensor {0} failed ({1}: {2}); restart {3} in {4:0.0} s",
            name, error?.GetType().Name ?? "stopped", error?.Message ?? "no error recorded", sensor.Failures, delay.TotalSeconds);
        sensor.LastError = null;
        _counters.AddSensorRestart();
        Timers.StartSingleTimer(name, new Restart(name), delay);
    }

    /// <summary>The sensor's own exception, without the wrappers that carried it here.</summary>
    private static Exception? RootCause(Exception? e)
    {
        while (e is ActorInitializationException or SensorFailedException && e.InnerException is not null) e = e.InnerException;
        return e;
    }
}
