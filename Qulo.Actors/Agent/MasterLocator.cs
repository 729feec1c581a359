using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Qulo.Actors.Hosting;
using Qulo.Actors.Master;

namespace Qulo.Actors.Agent;

/// <summary>
/// Watches the cluster for the master (the oldest reachable member with role "master") and tells the
/// Outbox where its ingest is, or that there is none. When the master leaves the cluster for good
/// (a graceful `qmaster stop`), this node would be left in an agents-only cluster that a restarted
/// master could never reach, so it shuts its actor system down and the AgentHost joins afresh.
/// </summary>
public sealed class MasterLocator : ReceiveActor
{
    /// <summary>Why the agent's actor system was shut down to re-join.</summary>
    public sealed class MasterLeftReason : CoordinatedShutdown.Reason
    {
        public static readonly MasterLeftReason Instance = new();

        public override int ExitCode => 0;
    }

    private readonly Cluster _cluster = Cluster.Get(Context.System);
    private readonly IActorRef _outbox;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly SortedSet<Member> _masters = new(Member.AgeOrdering);
    private Member? _current;

    public MasterLocator(IActorRef outbox)
    {
        _outbox = outbox;
        Receive<ClusterEvent.MemberUp>(e => Update(e.Member, add: true));
        Receive<ClusterEvent.ReachableMember>(e => Update(e.Member, add: e.Member.Status == MemberStatus.Up));
        Receive<ClusterEvent.UnreachableMember>(e => Update(e.Member, add: false));
        Receive<ClusterEvent.MemberRemoved>(e =>
        {
            Update(e.Member, add: false);
            if (!e.Member.HasRole(ClusterRoles.Master) || _masters.Count > 0 || _cluster.IsTerminated) return;
            _log.Warning("Master {0} left the cluster; leaving too, to join again when a master is back", e.Member.Address);
            CoordinatedShutdown.Get(Context.System).Run(MasterLeftReason.Instance);
        });
        ReceiveAny(_ => { });
    }

    public static Props Props(IActorRef outbox) => Akka.Actor.Props.Create(() => new MasterLocator(outbox));

    protected override void PreStart() =>
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
            typeof(ClusterEvent.MemberUp), typeof(ClusterEvent.MemberRemoved), typeof(ClusterEvent.IReachabilityEvent));

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    private void Update(Member member, bool add)
    {
        if (!member.HasRole(ClusterRoles.Master)) return;
        _masters.RemoveWhere(m => m.UniqueAddress.Equals(member.UniqueAddress));
        if (add) _masters.Add(member);
        var oldest = _masters.Count > 0 ? _masters.Min : null;
        if (Equals(oldest?.UniqueAddress, _current?.UniqueAddress)) return;
        _current = oldest;
        if (oldest is null)
        {
            _log.Warning("No reachable master");
            _outbox.Tell(MasterUnavailable.Instance);
            return;
        }
        _log.Info("Master is {0}", oldest.Address);
        _outbox.Tell(new MasterAvailable(new RootActorPath(oldest.Address) / "user" / MetricIngest.ActorName));
    }
}
