using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Qulo.Actors.Agent;
using Qulo.Actors.Metrics;
using Qulo.Actors.Serialization;

namespace Qulo.Actors.Master;

/// <summary>From the ingest: an agent said hello from this address.</summary>
public sealed record AgentRegistered(Address Address, AgentHello Hello);

/// <summary>From the ingest: a batch of this many datapoints arrived from this address.</summary>
public sealed record BatchReported(Address Address, int Datapoints);

/// <summary>
/// Follows cluster membership (joined, up, unreachable, removed ...), logs every change, keeps the
/// <see cref="NodeRegistry"/> and answers `qmaster status`. Liveness goes to the metric sink as
/// HOST.QuloAgent.up (1/0) the moment a node's reachability changes and again every self-metrics
/// interval, with MASTERHOST.QuloMaster.agents_up / agents_down / members.
/// </summary>
public sealed class ClusterWatcher : ReceiveActor, IWithTimers
{
    public const string ActorName = "cluster-watcher";

    private sealed record EmitTick
    {
        public static readonly EmitTick Instance = new();
    }

    private readonly Cluster _cluster = Cluster.Get(Context.System);
    private readonly string _masterHost;
    private readonly IActorRef _sink;
    private readonly TimeSpan _interval;
    private readonly NodeRegistry _registry;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public ITimerScheduler Timers { get; set; } = null!;

    public ClusterWatcher(string masterHost, IActorRef sink, TimeSpan selfMetricsInterval)
    {
        (_masterHost, _sink, _interval) = (masterHost, sink, selfMetricsInterval);
        _registry = new NodeRegistry(masterHost);
        Receive<ClusterEvent.MemberRemoved>(e =>
        {
            _log.Info("Member {0} removed (was {1}); roles {2}", e.Member.Address, e.PreviousStatus.ToString(), Roles(e.Member));
            EmitLiveness(_registry.Remove(e.Member.UniqueAddress));
        });
        Receive<ClusterEvent.IMemberEvent>(e =>
        {
            _log.Info("Member {0} is {1}; roles {2}", e.Member.Address, e.Member.Status.ToString(), Roles(e.Member));
            EmitLiveness(_registry.SetStatus(e.Member.UniqueAddress, e.Member.Roles, e.Member.Status));
        });
        Receive<ClusterEvent.UnreachableMember>(e =>
        {
            _log.Warning("Member {0} is unreachable; roles {1}", e.Member.Address, Roles(e.Member));
            EmitLiveness(_registry.SetReachable(e.Member.UniqueAddress, reachable: false));
        });
        Receive<ClusterEvent.ReachableMember>(e =>
        {
            _log.Info("Member {0} is reachable again", e.Member.Address);
            EmitLiveness(_registry.SetReachable(e.Member.UniqueAddress, reachable: true));
        });
        Receive<AgentRegistered>(r =>
        {
            _log.Info("Agent {0} at {1} reports {2} sensors", r.Hello.Host, r.Address, r.Hello.Sensors.Count);
            _registry.Register(r.Address, r.Hello.Host, r.Hello.Sensors);
            EmitLiveness(r.Hello.Host);
        });
        Receive<BatchReported>(b => _registry.Reported(b.Address, b.Datapoints, UnixTime.Now()));
        Receive<StatusRequest>(_ => Sender.Tell(new ClusterView(
            _masterHost, _cluster.SelfAddress.ToString(), UnixTime.Now(), _registry.DatapointsReceived, _registry.View())));
        Receive<EmitTick>(_ => EmitLiveness(changedHost: null));
    }

    public static Props Props(string masterHost, IActorRef sink, TimeSpan selfMetricsInterval) =>
        Akka.Actor.Props.Create(() => new ClusterWatcher(masterHost, sink, selfMetricsInterval));

    protected override void PreStart()
    {
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
            typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));
        Timers.StartPeriodicTimer("emit", EmitTick.Instance, _interval);
    }

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    private static string Roles(Member member) => string.Join(",", member.Roles.Order(StringComparer.Ordinal));

    /// <summary>Sends the cluster counts, with HOST.QuloAgent.up of the host that changed (of all hosts when null).</summary>
    private void EmitLiveness(string? changedHost)
    {
        var now = UnixTime.Now();
        var liveness = _registry.Liveness();
        var metrics = liveness
            .Where(h => changedHost is null || h.Key == changedHost)
            .Select(h => new Metric(MetricPath.Join(h.Key, SelfMetricNames.Agent, "up"), now, h.Value ? 1 : 0))
            .ToList();
        var up = liveness.Count(h => h.Value);
        metrics.Add(Count("agents_up", up));
        metrics.Add(Count("agents_down", liveness.Count - up));
        metrics.Add(Count("members", _registry.MemberCount));
        _sink.Tell(new MetricBatch(metrics));
        return;

        Metric Count(string name, double value) => new(MetricPath.Join(_masterHost, SelfMetricNames.Master, name), now, value);
    }
}
