using Akka.Actor;
using BenchmarkDotNet.Attributes;
using Qulo.Actors.Metrics;
using Qulo.Actors.Serialization;

namespace Qulo.Benchmarks;

/// <summary>
/// The agent -> master wire per datapoint: one <see cref="DeliveryBatch"/> of 1,000 datapoints (the
/// agent's batch-size) from one host, encoded by the agent and decoded by the master's remoting.
/// </summary>
// In process, as PickleBenchmarks; the default job's statistics.
[InProcess, MemoryDiagnoser, JsonExporterAttribute.Full]
public class SerializerBenchmarks
{
    private const int Points = 1000;

    private ActorSystem _system = null!;
    private QuloSerializer _serializer = null!;
    private DeliveryBatch _batch = null!;
    private byte[] _encoded = [];

    [GlobalSetup]
    public void Encode()
    {
        _system = ActorSystem.Create("serializer-bench");
        _serializer = new QuloSerializer((ExtendedActorSystem)_system);
        // One host's datapoints: PickleBatches' stream cut to one host name, its 53 series sampled in turn.
        var metrics = Enumerable.Range(0, Points).Select(i => PickleBatches.Point(i) with { Path = "node042" + PickleBatches.Point(i).Path[7..] }).ToArray();
        _batch = new DeliveryBatch("0123456789abcdef0123456789abcdef", 1, metrics);
        _encoded = _serializer.ToBinary(_batch);
    }

    [GlobalCleanup]
    public void Stop() => _system.Terminate().Wait();

    [Benchmark(OperationsPerInvoke = Points)]
    public int AgentEncodes() => _serializer.ToBinary(_batch).Length;

    [Benchmark(OperationsPerInvoke = Points)]
    public int MasterDecodes() => ((DeliveryBatch)_serializer.FromBinary(_encoded, _serializer.Manifest(_batch))).Metrics.Count;
}
