using BatchAi.Daemon.Scheduling;

namespace BatchAi.Daemon.Jobs;

/// <summary>A job's endpoint pool, composed by Scheduling's factory from the job's endpoints, its keys and the daemon's settings.</summary>
internal static class JobChat
{
    public static PooledChat Create(JobSpec spec, IReadOnlyDictionary<string, string?> keys, DaemonSettings settings) =>
        EndpointPoolFactory.Create(spec.AllEndpoints(), spec.Concurrency, keys, settings.Retry, settings.Pool, settings.Time);
}
