using BatchAi.Daemon.Providers;

namespace BatchAi.Daemon.Scheduling;

/// <summary>Composes a job's endpoint pool: a provider per endpoint, each with its limits and breaker, and retries over the pool.</summary>
internal static class EndpointPoolFactory
{
    /// <param name="endpoints">The job's endpoints, in its order (which names an unnamed one).</param>
    /// <param name="concurrency">The job's rows in flight, each endpoint's limit unless it has its own.</param>
    /// <param name="keys">Each endpoint's key by name, or null where it needs none.</param>
    /// <param name="retry">The retries, and the first-token timeout of each attempt.</param>
    /// <param name="breaker">The circuit breaker's settings.</param>
    /// <param name="time">The clock of every wait.</param>
    public static PooledChat Create(IReadOnlyList<EndpointSpec> endpoints, int concurrency, IReadOnlyDictionary<string, string?> keys,
        RetrySettings retry, PoolSettings breaker, TimeProvider time)
    {
        EndpointPool? pool = null;
        var built = new List<Endpoint>();
        for (var i = 0; i < endpoints.Count; i++)
        {
            var e = endpoints[i];
            Endpoint? endpoint = null;
            var provider = new OpenAiChatProvider(e.BaseUrl, e.Model, keys.GetValueOrDefault(e.Name), time, retry.FirstTokenTimeout,
                limits => pool?.Learn(endpoint!, limits), endpoints.Count > 1 ? e.Name : null, () => endpoint!.Silence.Current,
                Dialects.For(e.MaxTokensParameter, e.BaseUrl));
            endpoint = new Endpoint(e, provider, concurrency, time,
                new CircuitBreaker(breaker.BreakerFailures, breaker.BreakDuration, time), EndpointLabel.Of(e, i), retry.FirstTokenTimeout);
            built.Add(endpoint);
        }

        // In flight across endpoints at most the job's concurrency: the job keeps more rows in hand than that (JobRunner.Workers).
        pool = new EndpointPool(built, time, concurrency);
        return new PooledChat(new ResilientChat(pool, retry, time, () => pool.Outage is not null, pool.ConfirmOutage), pool);
    }
}
