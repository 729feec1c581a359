using Qulo.Actors.Metrics;

namespace Qulo.Actors.Serialization;

/// <summary>Every message that crosses the wire between agents, the master and `qmaster status`; all go through <see cref="QuloSerializer"/>.</summary>
public interface IQuloWireMessage;

/// <summary>
/// Agent -> master ingest: "I am this host, these are my sensors". Sent when the agent sees a master
/// member, repeated until <see cref="Welcome"/> arrives. ProducerId names the agent process's delivery
/// stream (sequence numbers are per producer).
/// </summary>
public sealed record AgentHello(string Host, string ProducerId, IReadOnlyList<string> Roles, IReadOnlyList<string> Sensors) : IQuloWireMessage;

/// <summary>Master ingest -> agent: hello accepted; the sender is the ingest to deliver to.</summary>
public sealed record Welcome(string MasterHost) : IQuloWireMessage;

/// <summary>Agent -> master: one batch of datapoints, numbered per producer (1, 2, 3, ... with no gaps).</summary>
public sealed record DeliveryBatch(string ProducerId, long Seq, IReadOnlyList<Metric> Metrics) : IQuloWireMessage;

/// <summary>Master -> agent: the batch with this sequence number has been handed to the metric sink (held back while carbon is behind).</summary>
public sealed record DeliveryAck(string ProducerId, long Seq) : IQuloWireMessage;

/// <summary>`qmaster status` -> master's cluster watcher.</summary>
public sealed record StatusRequest : IQuloWireMessage
{
    public static readonly StatusRequest Instance = new();
}

/// <summary>One cluster member as the master sees it.</summary>
/// <param name="LastReport">Unix seconds of the last batch received from it, 0 when none.</param>
public sealed record NodeView(string Host, string Address, IReadOnlyList<string> Roles, string State, double LastReport, long Datapoints, IReadOnlyList<string> Sensors);

/// <summary>The master's answer to <see cref="StatusRequest"/>.</summary>
/// <param name="Now">The master's clock (Unix seconds) when it answered, so ages are computed on one clock.</param>
public sealed record ClusterView(string MasterHost, string MasterAddress, double Now, long DatapointsReceived, IReadOnlyList<NodeView> Nodes) : IQuloWireMessage;
