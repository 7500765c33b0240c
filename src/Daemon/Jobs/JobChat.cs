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

    /// <summary>A judged job's way to its judge when it has endpoints of its own (<see cref="JobJudge.Endpoints"/>); null when the job's pool judges.</summary>
    public static PooledChat? Judge(JobSpec spec, IReadOnlyDictionary<string, string?> keys, DaemonSettings settings) =>
        spec.Judge is { } judge && JobJudge.Endpoints(judge, spec.AllEndpoints()) is { } endpoints
            ? EndpointPoolFactory.Create(endpoints, spec.Concurrency, keys, settings.Retry, settings.Pool, settings.Time)
            : null;
}
