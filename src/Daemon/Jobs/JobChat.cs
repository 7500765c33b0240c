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

    /// <summary>
    /// A job with <c>models</c>: the way to each model, in the order given. A model is asked on the job's endpoints that serve it
    /// (the pool's choice among them; the job's own pool when every endpoint does), else on the job's first endpoint with the model
    /// changed, as a user simulator on another model is, with that endpoint's key. Null for a job without <c>models</c>.
    /// </summary>
    /// <remarks>Each pool holds at most the job's concurrency in flight, so a row's requests to several models run side by side.</remarks>
    public static IReadOnlyList<PooledChat>? ForModels(JobSpec spec, PooledChat jobChat, IReadOnlyDictionary<string, string?> keys, DaemonSettings settings)
    {
        if (spec.Models is not { Count: > 0 } models)
        {
            return null;
        }

        var endpoints = spec.AllEndpoints();
        var built = new Dictionary<string, PooledChat>(StringComparer.Ordinal);
        return models.Select(model =>
        {
            if (built.TryGetValue(model, out var known))
            {
                return known;
            }

            var serving = endpoints.Where(e => e.Model == model).ToList();
            var chat = serving.Count == endpoints.Count
                ? jobChat
                : EndpointPoolFactory.Create(serving.Count > 0 ? serving : [endpoints[0] with { Model = model }], spec.Concurrency, keys, settings.Retry, settings.Pool, settings.Time);
            return built[model] = chat;
        }).ToList();
    }

    /// <summary>A batch or auto job's way to its first endpoint's Batch API (a pool's other endpoints are for online rows); null for other jobs.</summary>
    public static Batching.ProviderBatches? Batches(JobSpec spec, IReadOnlyDictionary<string, string?> keys, DaemonSettings settings) =>
        spec.UsesBatches && spec.AllEndpoints()[0] is { } first
            ? new Batching.ProviderBatches(first.BaseUrl, keys.GetValueOrDefault(first.Name), settings.Retry, settings.Time)
            : null;

    /// <summary>A judged job's way to its judge when it has endpoints of its own (<see cref="JobJudge.Endpoints"/>); null when the job's pool judges.</summary>
    public static PooledChat? Judge(JobSpec spec, IReadOnlyDictionary<string, string?> keys, DaemonSettings settings) =>
        spec.Judge is { } judge && JobJudge.Endpoints(judge, spec.AllEndpoints()) is { } endpoints
            ? EndpointPoolFactory.Create(endpoints, spec.Concurrency, keys, settings.Retry, settings.Pool, settings.Time)
            : null;
}
