using BatchAi.Daemon.Providers;
using BatchAi.Protocol.Jobs;
using BatchAi.Daemon.Prompting;

namespace BatchAi.Daemon.Scheduling;

/// <summary>
/// One attempt at one row, sent to the endpoint with the most free capacity (<see cref="EndpointChooser"/>).
/// Each outcome teaches that endpoint something: a success widens its concurrency limit; a 429 halves
/// it and keeps everyone off the endpoint for the Retry-After; a timeout halves it and counts towards
/// its circuit breaker; 5xx and dropped connections count towards the breaker, whose opening sends
/// the rows to the other endpoints. Retries belong to <see cref="ResilientChat"/>, which wraps this.
/// </summary>
internal sealed class EndpointPool : IChatProvider
{
    private static readonly TimeSpan DefaultCooldown = TimeSpan.FromSeconds(1);

    private readonly IReadOnlyList<Endpoint> _endpoints;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    // Only the waiter at the head polls the endpoints; the rest queue here, so one finished request wakes one waiter, not all.
    private readonly SemaphoreSlim _turn = new(1, 1);
    private TaskCompletionSource _changed = NewSignal();

    public EndpointPool(IReadOnlyList<Endpoint> endpoints, TimeProvider time)
    {
        if (endpoints.Count == 0)
        {
            throw new ArgumentException("A pool needs at least one endpoint.", nameof(endpoints));
        }

        _endpoints = endpoints;
        _time = time;
        NeedsTokenCost = endpoints.Any(e => e.Spec.TokensPerMinute is not null);
        Endpoint = endpoints.Count == 1 ? endpoints[0].Provider.Endpoint : $"{endpoints.Count} endpoints ({string.Join(", ", endpoints.Select(e => e.Name))})";
    }

    public string Endpoint { get; }

    public IReadOnlyList<Endpoint> Endpoints => _endpoints;

    // Counting a prompt's tokens costs CPU; only pay it once some endpoint has a token limit.
    private bool NeedsTokenCost { get; set; }

    public IReadOnlyList<EndpointStatus> Status()
    {
        lock (_gate)
        {
            return _endpoints.Select(e => e.Status(e.InFlight)).ToList();
        }
    }

    /// <summary>Called by an endpoint's HTTP pipeline with the limits its provider reported.</summary>
    public void Learn(Endpoint endpoint, RateLimitSnapshot limits)
    {
        endpoint.Learn(limits, until => CoolDown(endpoint, until));
        if (limits.LimitTokens is not null)
        {
            NeedsTokenCost = true;
        }
    }

    public async Task<ChatAnswer> CompleteAsync(ChatRequest request, IChatDeltaSink sink, CancellationToken cancellationToken)
    {
        var cost = NeedsTokenCost ? TokenEstimator.Estimate(request) : 0;
        var endpoint = await AcquireAsync(cost, cancellationToken).ConfigureAwait(false);
        var sent = _time.GetTimestamp();
        try
        {
            var answer = await endpoint.Provider.CompleteAsync(request, sink, cancellationToken).ConfigureAwait(false);
            endpoint.Limit.OnSuccess(_time.GetElapsedTime(sent));
            endpoint.Breaker.OnSuccess();
            if (endpoint.Tokens is { } tokens && answer.PromptTokens is { } prompt)
            {
                // Correct the estimate from what the provider counted.
                tokens.Adjust(cost - (prompt + (answer.CompletionTokens ?? 0)));
            }

            // Said here, where the endpoint was chosen: a retry that fails over returns the answer of the one that succeeded.
            return answer with { Origin = endpoint.Origin };
        }
        catch (ProviderException e)
        {
            Judge(endpoint, e);
            throw;
        }
        catch (OperationCanceledException)
        {
            endpoint.Breaker.OnNeutral();
            throw;
        }
        catch (Exception)
        {
            endpoint.CountError(rateLimited: false);
            endpoint.Breaker.OnFailure();
            throw;
        }
        finally
        {
            Release(endpoint);
        }
    }

    private void Judge(Endpoint endpoint, ProviderException e)
    {
        endpoint.CountError(rateLimited: e.Status == 429);
        if (e.Overloaded)
        {
            endpoint.Limit.OnOverload();
        }

        if (e.Status == 429)
        {
            // The provider is busy for everyone, not just this row: keep every row off it for that long.
            CoolDown(endpoint, _time.GetUtcNow() + (e.RetryAfter ?? DefaultCooldown));
            endpoint.Breaker.OnNeutral();
        }
        else if (e.Fault == ProviderFault.Transient)
        {
            endpoint.Breaker.OnFailure();
        }
        else
        {
            // A refused request or key: the endpoint answered, so it is up.
            endpoint.Breaker.OnNeutral();
        }
    }

    private async Task<Endpoint> AcquireAsync(int cost, CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (true)
            {
                Task changed;
                TimeSpan? wait;
                lock (_gate)
                {
                    changed = _changed.Task;
                    var endpoint = EndpointChooser.Choose(_endpoints, _time.GetUtcNow(), cost, out wait);
                    if (endpoint is not null)
                    {
                        endpoint.InFlight++;
                        endpoint.Breaker.OnSend();
                        endpoint.Requests?.TryTake(1);
                        if (cost > 0)
                        {
                            endpoint.Tokens?.TryTake(cost);
                        }

                        endpoint.CountRequest();
                        return endpoint;
                    }
                }

                if (wait is not { } delay)
                {
                    await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
                    continue;
                }

                using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var timer = Task.Delay(delay, _time, stop.Token);
                await Task.WhenAny(changed, timer).ConfigureAwait(false);
                await stop.CancelAsync().ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        finally
        {
            _turn.Release();
        }
    }

    private void Release(Endpoint endpoint)
    {
        lock (_gate)
        {
            endpoint.InFlight--;
        }

        Signal();
    }

    private void CoolDown(Endpoint endpoint, DateTimeOffset until)
    {
        lock (_gate)
        {
            if (until > endpoint.CooldownUntil)
            {
                endpoint.CooldownUntil = until;
            }
        }

        Signal();
    }

    private void Signal() => Interlocked.Exchange(ref _changed, NewSignal()).TrySetResult();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
