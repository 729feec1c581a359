using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Qulo.Actors.Hosting;
using Qulo.Actors.Metrics;
using Qulo.Actors.Serialization;
using Xunit;

namespace Qulo.Tests.Cluster;

public sealed class QuloSerializerTests : Akka.TestKit.Xunit2.TestKit
{
    private readonly QuloSerializer _serializer;

    public QuloSerializerTests() => _serializer = new QuloSerializer((ExtendedActorSystem)Sys);

    private T RoundTrip<T>(T message) where T : notnull =>
        (T)_serializer.FromBinary(_serializer.ToBinary(message), _serializer.Manifest(message));

    private static Metric[] SampleMetrics(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new Metric($"node{i % 3}.CPUPercent.{i}", 1_764_000_000.125 + i, i * 0.5 - 3))];

    [Fact]
    public void A_batch_survives_the_round_trip_with_every_path_timestamp_and_value()
    {
        var metrics = SampleMetrics(50).Append(new Metric("n.Users", 1, double.NaN)).Append(new Metric("n.Users", 2, double.PositiveInfinity))
            .Append(new Metric("nœud_é.DiskUsage.root.percent", 3, 42)).ToArray();
        var back = RoundTrip(new DeliveryBatch("producer-1", 123_456_789_012, metrics));

        Assert.Equal("producer-1", back.ProducerId);
        Assert.Equal(123_456_789_012, back.Seq);
        Assert.Equal(metrics, back.Metrics);
    }

    [Fact]
    public void A_path_decoded_again_is_the_same_string_not_a_new_one()
    {
        var batch = new DeliveryBatch("producer-1", 1, SampleMetrics(10));
        var first = RoundTrip(batch);
        var second = RoundTrip(batch with { Seq = 2 });

        Assert.Equal(batch.Metrics, second.Metrics);
        Assert.All(first.Metrics.Zip(second.Metrics), pair => Assert.Same(pair.First.Path, pair.Second.Path));
    }

    [Fact]
    public void Every_other_message_survives_the_round_trip()
    {
        var hello = RoundTrip(new AgentHello("node1", "p", ["agent", "gpu"], ["CPUPercent", "VirtualMemory"]));
        Assert.Equal(("node1", "p"), (hello.Host, hello.ProducerId));
        Assert.Equal(["agent", "gpu"], hello.Roles);
        Assert.Equal(["CPUPercent", "VirtualMemory"], hello.Sensors);
        Assert.Equal(new Welcome("head"), RoundTrip(new Welcome("head")));
        Assert.Equal(new DeliveryAck("p", 7), RoundTrip(new DeliveryAck("p", 7)));
        Assert.Same(StatusRequest.Instance, RoundTrip(StatusRequest.Instance));

        var node = new NodeView("node1", "akka.tcp://qulo@127.0.0.1:4000", ["agent"], "up", 1_764_000_000.5, 99, ["CPUPercent"]);
        var view = RoundTrip(new ClusterView("head", "akka.tcp://qulo@127.0.0.1:7888", 1_764_000_001, 1234, [node]));
        Assert.Equal(("head", "akka.tcp://qulo@127.0.0.1:7888", 1_764_000_001.0, 1234L), (view.MasterHost, view.MasterAddress, view.Now, view.DatapointsReceived));
        var back = Assert.Single(view.Nodes);
        Assert.Equal((node.Host, node.Address, node.State, node.LastReport, node.Datapoints), (back.Host, back.Address, back.State, back.LastReport, back.Datapoints));
        Assert.Equal(node.Roles, back.Roles);
        Assert.Equal(node.Sensors, back.Sensors);
    }

    [Fact]
    public void A_full_default_batch_is_compact_and_within_the_size_bound_the_outbox_uses()
    {
        // As sensors produce them: the readings of one sample share a timestamp.
        var metrics = Enumerable.Range(0, 1000).Select(i => new Metric($"compute-node-0042.NetIOCounters.eth{i % 4}.bytes_sent_{i}", 1_764_000_000 + i / 8, i)).ToArray();
        var bytes = _serializer.ToBinary(new DeliveryBatch(Guid.NewGuid().ToString("N"), 1, metrics));

        Assert.True(bytes.Length <= metrics.Sum(m => QuloSerializer.MaxEncodedSize(m)), $"{bytes.Length} bytes exceed the bound");
        // Shared path prefixes and binary numbers: well under Graphite's plaintext "path value timestamp" lines.
        var plaintext = metrics.Sum(m => $"{m.Path} {m.Value} {m.Timestamp}\n".Length);
        Assert.True(bytes.Length < plaintext / 2, $"{bytes.Length} bytes for {metrics.Length} datapoints, {plaintext} as plaintext");
    }

    [Fact]
    public void A_truncated_batch_is_rejected_naming_the_message_and_the_problem()
    {
        var bytes = _serializer.ToBinary(new DeliveryBatch("p", 1, SampleMetrics(3)));
        var e = Assert.Throws<SerializationException>(() => _serializer.FromBinary(bytes[..^5], "B"));
        Assert.Contains("malformed DeliveryBatch message", e.Message);
        Assert.Contains("truncated double", e.Message);
    }

    [Fact]
    public void Garbage_claiming_a_huge_count_is_rejected_before_anything_is_allocated()
    {
        byte[] garbage = [1, (byte)'p', 1, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0, 0];
        var e = Assert.Throws<SerializationException>(() => _serializer.FromBinary(garbage, "B"));
        Assert.Contains("exceeds the", e.Message);
    }

    [Fact]
    public void Invalid_utf8_trailing_bytes_and_unknown_manifests_are_rejected()
    {
        var badUtf8 = Assert.Throws<SerializationException>(() => _serializer.FromBinary([2, 0xC3, 0x28], "W"));
        Assert.Contains("invalid UTF-8", badUtf8.Message);

        var trailing = _serializer.ToBinary(new Welcome("head")).Append((byte)0).ToArray();
        Assert.Contains("unexpected trailing bytes", Assert.Throws<SerializationException>(() => _serializer.FromBinary(trailing, "W")).Message);

        Assert.Contains("unknown message manifest 'Z'", Assert.Throws<SerializationException>(() => _serializer.FromBinary([], "Z")).Message);
    }

    [Fact]
    public void A_first_datapoint_reusing_a_previous_timestamp_is_rejected()
    {
        byte[] bytes = [1, (byte)'p', 1, 1, 1, 1, (byte)'x', .. new byte[8]];
        Assert.Contains("refers to a previous timestamp", Assert.Throws<SerializationException>(() => _serializer.FromBinary(bytes, "B")).Message);
    }

    [Fact]
    public void A_path_sharing_more_than_the_previous_path_is_rejected()
    {
        // count 1, then a datapoint claiming 4 bytes shared with a previous path that does not exist.
        byte[] bytes = [1, (byte)'p', 1, 1, 4 << 1, 1, (byte)'x', .. new byte[16]];
        Assert.Contains("shares 4 bytes", Assert.Throws<SerializationException>(() => _serializer.FromBinary(bytes, "B")).Message);
    }

    [Fact]
    public async Task Akka_Hosting_registration_makes_the_wire_messages_use_this_serializer()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddAkka("serializer-binding", akka => akka.WithQuloSerializer());
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var system = host.Services.GetRequiredService<ActorSystem>();
            Assert.IsType<QuloSerializer>(system.Serialization.FindSerializerFor(new DeliveryBatch("p", 1, [])));
            Assert.IsType<QuloSerializer>(system.Serialization.FindSerializerFor(StatusRequest.Instance));
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
