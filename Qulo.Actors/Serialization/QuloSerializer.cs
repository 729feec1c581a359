using System.Runtime.Serialization;
using System.Text;
using Akka.Actor;
using Akka.Serialization;
using Qulo.Actors.Metrics;

namespace Qulo.Actors.Serialization;

/// <summary>
/// Compact binary encoding of the <see cref="IQuloWireMessage"/>s: varints, little-endian doubles and
/// UTF-8 strings. In a batch each path is sent as the length it shares with the previous path plus the
/// rest (paths of one host share "HOST.Sensor."), and a timestamp equal to the previous one (the
/// readings of one sample) as one bit, so a datapoint costs about 15 to 25 bytes on the wire.
/// </summary>
public sealed class QuloSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    /// <summary>Registered with Akka.Hosting under this name and id (ids below 100 are Akka's own).</summary>
    public const string Name = "qulo";
    public const int Id = 7888;

    private const string HelloManifest = "H";
    private const string WelcomeManifest = "W";
    private const string BatchManifest = "B";
    private const string AckManifest = "A";
    private const string StatusRequestManifest = "S";
    private const string ClusterViewManifest = "V";

    /// <summary>Bytes one datapoint can take at most inside a <see cref="DeliveryBatch"/> (path, two varints, two doubles).</summary>
    public static int MaxEncodedSize(in Metric metric) => Encoding.UTF8.GetByteCount(metric.Path) + 5 + 5 + 16;

    private readonly PathCache _paths = new();

    public override int Identifier => Id;

    public override string Manifest(object o) => o switch
    {
        AgentHello => HelloManifest,
        Welcome => WelcomeManifest,
        DeliveryBatch => BatchManifest,
        DeliveryAck => AckManifest,
        StatusRequest => StatusRequestManifest,
        ClusterView => ClusterViewManifest,
        _ => throw new ArgumentException($"{nameof(QuloSerializer)} cannot serialize {o.GetType()}"),
    };

    public override byte[] ToBinary(object obj)
    {
        var w = new WireWriter();
        switch (obj)
        {
            case AgentHello h:
                w.String(h.Host); w.String(h.ProducerId); w.Strings(h.Roles); w.Strings(h.Sensors);
                break;
            case Welcome welcome:
                w.String(welcome.MasterHost);
                break;
            case DeliveryBatch b:
                w.String(b.ProducerId); w.VarUInt((ulong)b.Seq); WriteMetrics(w, b.Metrics);
                break;
            case DeliveryAck a:
                w.String(a.ProducerId); w.VarUInt((ulong)a.Seq);
                break;
            case StatusRequest:
                break;
            case ClusterView v:
                WriteView(w, v);
                break;
            default:
                throw new ArgumentException($"{nameof(QuloSerializer)} cannot serialize {obj.GetType()}");
        }
        return w.ToArray();
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        var r = new WireReader(bytes, MessageName(manifest));
        object message = manifest switch
        {
            HelloManifest => new AgentHello(r.String(), r.String(), r.Strings(), r.Strings()),
            WelcomeManifest => new Welcome(r.String()),
            BatchManifest => new DeliveryBatch(r.String(), r.Int64(), ReadMetrics(ref r, _paths)),
            AckManifest => new DeliveryAck(r.String(), r.Int64()),
            StatusRequestManifest => StatusRequest.Instance,
            _ => ReadView(ref r),
        };
        r.End();
        return message;
    }

    private static string MessageName(string manifest) => manifest switch
    {
        HelloManifest => nameof(AgentHello),
        WelcomeManifest => nameof(Welcome),
        BatchManifest => nameof(DeliveryBatch),
        AckManifest => nameof(DeliveryAck),
        StatusRequestManifest => nameof(StatusRequest),
        ClusterViewManifest => nameof(ClusterView),
        _ => throw new SerializationException($"{nameof(QuloSerializer)}: unknown message manifest '{manifest}'"),
    };

    private static void WriteMetrics(WireWriter w, IReadOnlyList<Metric> metrics)
    {
        w.VarUInt((ulong)metrics.Count);
        // Two scratch buffers, the current path's and the previous one's, swapped each datapoint: no array per path.
        var scratch = new byte[256];
        var previousScratch = new byte[256];
        var previous = ReadOnlySpan<byte>.Empty;
        var previousTimestamp = double.NaN;
        foreach (var m in metrics)
        {
            var needed = Encoding.UTF8.GetMaxByteCount(m.Path.Length);
            if (needed > scratch.Length) scratch = new byte[needed];
            var path = scratch.AsSpan(0, Encoding.UTF8.GetBytes(m.Path, scratch));
            var shared = previous.CommonPrefixLength(path);
            // Bit 0: the timestamp is the previous datapoint's (bitwise, so NaN never matches).
            var sameTime = BitConverter.DoubleToInt64Bits(m.Timestamp) == BitConverter.DoubleToInt64Bits(previousTimestamp);
            w.VarUInt(((ulong)shared << 1) | (sameTime ? 1UL : 0UL));
            w.Utf8(path[shared..]);
            if (!sameTime) w.Double(m.Timestamp);
            w.Double(m.Value);
            previous = path;
            (scratch, previousScratch) = (previousScratch, scratch);
            previousTimestamp = m.Timestamp;
        }
    }

    private static Metric[] ReadMetrics(ref WireReader r, PathCache paths)
    {
        // A datapoint takes at least 1 + 1 + 8 bytes.
        var metrics = new Metric[r.Length(minBytesPerItem: 10)];
        var path = new byte[256];
        var pathLength = 0;
        string? previous = null;
        var timestamp = double.NaN;
        for (var i = 0; i < metrics.Length; i++)
        {
            var header = r.VarUInt();
            var shared = header >> 1;
            if (shared > (ulong)pathLength) throw r.Malformed($"datapoint {i} shares {shared} bytes with a previous path of {pathLength}");
            var rest = r.Utf8();
            var length = (int)shared + rest.Length;
            if (length > path.Length) Array.Resize(ref path, Math.Max(length, path.Length * 2));
            rest.CopyTo(path.AsSpan((int)shared));
            var samePath = rest.Length == 0 && length == pathLength && previous is not null;
            pathLength = length;
            previous = samePath ? previous! : DecodePath(ref r, path.AsSpan(0, length), i, paths);
            if ((header & 1) == 0) timestamp = r.Double();
            else if (i == 0) throw r.Malformed("the first datapoint refers to a previous timestamp");
            metrics[i] = new Metric(previous, timestamp, r.Double());
        }
        return metrics;
    }

    private static string DecodePath(ref WireReader r, ReadOnlySpan<byte> bytes, int index, PathCache paths)
    {
        if (bytes.Length == 0) throw r.Malformed($"datapoint {index} has an empty path");
        if (paths.TryGet(bytes, out var known)) return known;
        try
        {
            var path = WireReader.Utf8Strict.GetString(bytes);
            paths.Add(bytes, path);
            return path;
        }
        catch (DecoderFallbackException e)
        {
            throw r.Malformed($"datapoint {index} has a path that is not UTF-8: {e.Message}");
        }
    }

    private static void WriteView(WireWriter w, ClusterView v)
    {
        w.String(v.MasterHost); w.String(v.MasterAddress); w.Double(v.Now); w.VarUInt((ulong)v.DatapointsReceived);
        w.VarUInt((ulong)v.Nodes.Count);
        foreach (var n in v.Nodes)
        {
            w.String(n.Host); w.String(n.Address); w.Strings(n.Roles); w.String(n.State);
            w.Double(n.LastReport); w.VarUInt((ulong)n.Datapoints); w.Strings(n.Sensors);
        }
    }

    private static ClusterView ReadView(ref WireReader r)
    {
        var (host, address, now, received) = (r.String(), r.String(), r.Double(), r.Int64());
        var nodes = new NodeView[r.Length()];
        for (var i = 0; i < nodes.Length; i++)
            nodes[i] = new NodeView(r.String(), r.String(), r.Strings(), r.String(), r.Double(), r.Int64(), r.Strings());
        return new ClusterView(host, address, now, received, nodes);
    }
}
