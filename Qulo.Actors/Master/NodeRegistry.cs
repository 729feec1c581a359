using Akka.Actor;
using Akka.Cluster;
using Qulo.Actors.Hosting;
using Qulo.Actors.Serialization;

namespace Qulo.Actors.Master;

/// <summary>
/// The master's view of the cluster: every current member with its state and roles, which QULo host
/// each agent is (from its hello), its sensors, last report and datapoint count, and the hosts that
/// were seen once but have no member now (down). Plain data, driven by the <see cref="ClusterWatcher"/>.
/// </summary>
public sealed class NodeRegistry(string masterHost)
{
    public const string StateUp = "up";
    public const string StateDown = "down";

    private sealed class Node(UniqueAddress address, IReadOnlyList<string> roles)
    {
        public UniqueAddress Address { get; } = address;
        public IReadOnlyList<string> Roles { get; } = roles;
        public string State { get; set; } = "joining";
        public bool Unreachable { get; set; }
        public string? Host { get; set; }
        public IReadOnlyList<string> Sensors { get; set; } = [];
        public double LastReport { get; set; }
        public long Datapoints { get; set; }
        public string EffectiveState => Unreachable ? "unreachable" : State;
    }

    /// <summary>What the registry remembers of a host whose member has gone.</summary>
    private sealed record Gone(IReadOnlyList<string> Roles, IReadOnlyList<string> Sensors, double LastReport, long Datapoints, string LastAddress);

    private readonly Dictionary<UniqueAddress, Node> _members = new();
    private readonly Dictionary<string, Gone> _gone = new(StringComparer.Ordinal);
    /// <summary>Hellos that arrived before the cluster told us about their member.</summary>
    private readonly Dictionary<Address, (string Host, IReadOnlyList<string> Sensors)> _early = new();

    public long DatapointsReceived { get; private set; }

    /// <summary>Records a member's new status; returns the QULo host it is known as (null before its hello).</summary>
    public string? SetStatus(UniqueAddress member, IEnumerable<string> roles, MemberStatus status)
    {
        if (!_members.TryGetValue(member, out var node))
            _members[member] = node = new Node(member, [.. roles.Order(StringComparer.Ordinal)]);
        node.State = status.ToString().ToLowerInvariant();
        if (_early.Remove(member.Address, out var hello)) Register(member.Address, hello.Host, hello.Sensors);
        return node.Host;
    }

    public string? SetReachable(UniqueAddress member, bool reachable)
    {
        if (!_members.TryGetValue(member, out var node)) return null;
        node.Unreachable = !reachable;
        return node.Host;
    }

    /// <summary>The member is out of the cluster: its host (if it said hello) is remembered as down.</summary>
    public string? Remove(UniqueAddress member)
    {
        if (!_members.Remove(member, out var node) || node.Host is null) return null;
        _gone[node.Host] = new Gone(node.Roles, node.Sensors, node.LastReport, node.Datapoints, node.Address.Address.ToString());
        return node.Host;
    }

    /// <summary>An agent's hello: ties its address to its QULo host name (kept for later when the member is not known yet).</summary>
    public void Register(Address address, string host, IReadOnlyList<string> sensors)
    {
        var node = Find(address);
        if (node is null)
        {
            _early[address] = (host, sensors);
            return;
        }
        node.Host = host;
        node.Sensors = sensors;
        if (_gone.Remove(host, out var before)) node.Datapoints = before.Datapoints;
    }

    public void Reported(Address address, int datapoints, double now)
    {
        DatapointsReceived += datapoints;
        if (Find(address) is not { } node) return;
        node.LastReport = now;
        node.Datapoints += datapoints;
    }

    /// <summary>Every agent host known by name, and whether it has a reachable member that is up.</summary>
    public IReadOnlyDictionary<string, bool> Liveness()
    {
        var hosts = new SortedDictionary<string, bool>(StringComparer.Ordinal);
        foreach (var host in _gone.Keys) hosts[host] = false;
        foreach (var node in _members.Values.Where(n => n.Host is not null))
            hosts[node.Host!] = (hosts.TryGetValue(node.Host!, out var up) && up) || IsUp(node);
        return hosts;
    }

    public int MemberCount => _members.Count;

    public IReadOnlyList<NodeView> View()
    {
        var members = _members.Values
            .Select(n => new NodeView(n.Host ?? (n.Roles.Contains(ClusterRoles.Master) ? masterHost : "(no hello yet)"),
                n.Address.Address.ToString(), n.Roles, n.EffectiveState, n.LastReport, n.Datapoints, n.Sensors));
        var gone = _gone.Select(g => new NodeView(g.Key, g.Value.LastAddress, g.Value.Roles, StateDown, g.Value.LastReport, g.Value.Datapoints, g.Value.Sensors));
        return [.. members.Concat(gone).OrderBy(v => v.Host, StringComparer.Ordinal).ThenBy(v => v.Address, StringComparer.Ordinal)];
    }

    private static bool IsUp(Node node) => node is { State: StateUp, Unreachable: false };

    /// <summary>The newest live member at this address (a restarted node on a fixed port has a new UID there).</summary>
    private Node? Find(Address address) =>
        _members.Values.Where(n => n.Address.Address.Equals(address)).OrderByDescending(IsUp).FirstOrDefault();
}
