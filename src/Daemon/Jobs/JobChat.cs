using BatchAi.Daemon.Scheduling;

namespace BatchAi.Daemon.Jobs;

/// <summary>A job's endpoint pool, composed by Scheduling's factory from the job's endpoints, its keys and the daemon's settings.</summary>
internal static class JobChat
{
    public static PooledChat Create(JobSpec spec, IReadOnlyDictionary<string, string?> keys, DaemonSettings settings) =>
        EndpointPoolFactory.Create(spec.AllEndpoints(), spec.Concurrency, keys, settings.Retry, settings.Pool, settings.Time);

    /// <summary>
    /// A multi-turn job's way to its user simulator when it has an endpoint of its own (another model or base URL): a pool of
    /// that one endpoint, with the same retries; null when the job's own pool plays the user.
    /// </summary>
    public static PooledChat? UserSimulator(JobSpec spec, IReadOnlyDictionary<string, string?> keys, DaemonSettings settings) =>
        spec.MultiTurn && spec.UserSimulatorEndpoint() is { } endpoint
            ? EndpointPoolFactory.Create([endpoint], spec.Concurrency, keys, settings.Retry, settings.Pool, settings.Time)
            : null;

    /// <summary>A batch or auto job's way to its first endpoint's Batch API (a pool's other endpoints are for online rows); null for other jobs.</summary>
    public static Batching.ProviderBatches? Batches(JobSpec spec, IReadOnlyDictionary<string, string?> keys, DaemonSettings settings) =>
        spec.UsesBatches && spec.AllEndpoints()[0] is { } first
            ? new Batching.ProviderBatches(first.BaseUrl, keys.GetValueOrDefault(first.Name), settings.Retry, settings.Time)
            : null;
}
