namespace Qulo.Actors.Metrics;

/// <summary>Datapoints that travel together: from a sensor to the outbox, from the master's ingest to the CarbonSink.</summary>
public sealed record MetricBatch(IReadOnlyList<Metric> Metrics);
