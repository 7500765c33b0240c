using BatchAi.Daemon.Providers;
using BatchAi.Protocol.Jobs;
using BatchAi.Daemon.Prompting;

namespace BatchAi.Daemon.Scheduling;

/// <summary>
/// One attempt at one row, sent to the endpoint with the most free capacity (<see cref="EndpointChooser"/>), with at
/// most <c>maxInFlight</c> out across endpoints. Each outcome teaches that endpoint something (<see cref="Judge"/>): a
/// success widens its concurrency limit and feeds its paces, latency gradient and silence timeout; an isolated 429 or
/// 503 steps the limit down a little and retries only that row; a spent limit (remaining 0, a rate-limit code without
/// headers, or 429s that cluster) keeps everyone off the endpoint for its Retry-After; 5xx, dropped connections and
/// timeouts count towards its circuit breaker and towards an outage of the whole pool (<see cref="OutageMonitor"/>),
/// during which only probes go out and failures are the outage's, not the rows'. Retries belong to <see cref="ResilientChat"/>.
/// </summary>
internal sealed class EndpointPool : IChatProvider
{
    private static readonly TimeSpan DefaultCooldown = TimeSpan.FromSeconds(1);

    private readonly IReadOnlyList<Endpoint> _endpoints;
    private readonly TimeProvider _time;
    private readonly OutageMonitor _outage;
    private readonly int _maxInFlight;
    private readonly Lock _gate = new();
    // Only the waiter at the head polls the endpoints; the rest queue here, so one finished request wakes one waiter, not all.
    private readonly SemaphoreSlim _turn = new(1, 1);
    private TaskCompletionSource _changed = NewSignal();
    private int _inFlight;

    /// <param name="maxInFlight">The most requests out at once across endpoints (the job's concurrency); default unbounded.</param>
    public EndpointPool(IReadOnlyList<Endpoint> endpoints, TimeProvider time, int? maxInFlight = null, OutageMonitor? outage = null)
    {
        if (endpoints.Count == 0)
        {
            throw new ArgumentException("A pool needs at least one endpoint.", nameof(endpoints));
        }

        _endpoints = endpoints;
        _time = time;
        _maxInFlight = maxInFlight ?? int.MaxValue;
        _outage = outage ?? new OutageMonitor(time);
        _outage.Changed += o =>
        {
            Signal();
            OutageChanged?.Invoke(o);
        };
        Endpoint = endpoints.Count == 1 ? endpoints[0].Provider.Endpoint : $"{endpoints.Count} endpoints ({string.Join(", ", endpoints.Select(e => e.Name))})";
    }

    public string Endpoint { get; }

    public IReadOnlyList<Endpoint> Endpoints => _endpoints;

    /// <summary>The outage under way (every endpoint failing with passing faults), or null.</summary>
    public Outage? Outage => _outage.Current;

    /// <summary>A row is about to fail for <paramref name="error"/>: whether that is an outage's doing (which then starts, if it had not).</summary>
    public bool ConfirmOutage(string error) => _outage.TryConfirm(_endpoints.Count == 1 ? _endpoints[0].Name : Endpoint, error);

    /// <summary>Raised when an outage starts, when its next probe is rescheduled, and with null when it ends.</summary>
    public event Action<Outage?>? OutageChanged;

    // Counting a prompt's tokens costs CPU; only pay it once some endpoint paces tokens.
    private bool NeedsTokenCost => _endpoints.Any(e => e.PacesTokens);

    public IReadOnlyList<EndpointStatus> Status()
    {
        lock (_gate)
        {
            return _endpoints.Select(e => e.Status(e.InFlight)).ToList();
        }
    }

    /// <summary>Called by an endpoint's HTTP pipeline with the limits its provider reported.</summary>
    public void Learn(Endpoint endpoint, RateLimitSnapshot limits) => endpoint.Learn(limits, until => CoolDown(endpoint, until));

    public async Task<ChatAnswer> CompleteAsync(ChatRequest request, IChatDeltaSink sink, CancellationToken cancellationToken)
    {
        var cost = NeedsTokenCost ? Cost(request) : (0, 0);
        var (endpoint, probe, inFlightAtSend) = await AcquireAsync(cost, cancellationToken).ConfigureAwait(false);
        var sent = _time.GetTimestamp();
        try
        {
            var answer = await endpoint.Provider.CompleteAsync(request, sink, cancellationToken).ConfigureAwait(false);
            endpoint.OnAnswered(answer, _time.GetElapsedTime(sent), inFlightAtSend, cost);
            endpoint.Breaker.OnSuccess();
            _outage.OnAnswered(sent, probe);

            // Said here, where the endpoint was chosen: a retry that fails over returns the answer of the one that succeeded.
            return answer with { Origin = endpoint.Origin };
        }
        catch (ProviderException e)
        {
            throw Judge(endpoint, e, request, probe, sent);
        }
        catch (OperationCanceledException)
        {
            endpoint.Breaker.OnNeutral();
            _outage.OnNeutral(probe);
            throw;
        }
        catch (Exception e)
        {
            endpoint.CountError(rateLimited: false);
            endpoint.Breaker.OnFailure();
            if (_outage.OnPassingFailure(request, endpoint.Name, e.Message, probe, sent, out var charge))
            {
                var failure = new ProviderException(ProviderFault.Transient, e.Message, inner: e);
                throw probe && charge ? failure.AsProbe() : failure.DuringOutage();
            }

            throw;
        }
        finally
        {
            Release(endpoint);
        }
    }

    /// <summary>What a failed attempt teaches the endpoint and the pool; returns the exception to throw (the outage's, when there is one).</summary>
    private ProviderException Judge(Endpoint endpoint, ProviderException e, ChatRequest request, bool probe, long sent)
    {
        endpoint.CountError(rateLimited: e.Status == 429);
        var pushback = e.Pushback;
        if (pushback == Pushback.None && e.TimedOut)
        {
            // A silent request is one hung attempt (a stuck replica), not proof that we send too much: queueing shows in latency first.
            endpoint.Limit.OnOverload(congested: false);
        }

        if (pushback is Pushback.Isolated or Pushback.LimitSpent)
        {
            var clustered = endpoint.OnPushback();
            if (pushback == Pushback.LimitSpent || clustered)
            {
                // The provider is busy for everyone, not just this row: keep every row off it for that long.
                var hold = e.RetryAfter ?? DefaultCooldown;
                CoolDown(endpoint, _time.GetUtcNow() + hold);
                endpoint.OnLimitSpent(hold);
            }

            // A spent limit or a cluster says we send too much: halve (once a round trip). One refused request: a tenth.
            endpoint.Limit.OnOverload(congested: clustered || pushback == Pushback.LimitSpent);
        }

        if (pushback != Pushback.None || e.Fault != ProviderFault.Transient)
        {
            // The endpoint answered (a push-back, a refused request or key): it is up.
            endpoint.Breaker.OnNeutral();
            _outage.OnAnswered(sent, probe);
            return e;
        }

        endpoint.Breaker.OnFailure();
        // In an outage, a request that was out when it began fails for the outage (no retry charged); a probe is a
        // real attempt of its row, so rows that only ever fail (not an outage, though they look like one) still run out.
        return !_outage.OnPassingFailure(request, endpoint.Name, e.Message, probe, sent, out var charge) ? e : probe && charge ? e.AsProbe() : e.DuringOutage();
    }

    private static (int Prompt, int Completion) Cost(ChatRequest request)
    {
        var completion = request.MaxTokens ?? TokenEstimator.DefaultCompletionTokens;
        return (Math.Max(0, TokenEstimator.Estimate(request) - completion), completion);
    }

    private async Task<(Endpoint Endpoint, bool Probe, int InFlightAtSend)> AcquireAsync((int Prompt, int Completion) cost, CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (true)
            {
                Task changed;
                TimeSpan? wait = null;
                lock (_gate)
                {
                    changed = _changed.Task;
                    if (_inFlight < _maxInFlight && _outage.TryAdmit(out var probe, out wait))
                    {
                        var endpoint = probe ? ProbeEndpoint() : EndpointChooser.Choose(_endpoints, _time.GetUtcNow(), cost, out wait);
                        if (endpoint is not null)
                        {
                            _inFlight++;
                            endpoint.InFlight++;
                            endpoint.Breaker.OnSend();
                            endpoint.TakePace(cost.Prompt, cost.Completion);
                            endpoint.CountRequest();
                            return (endpoint, probe, endpoint.InFlight);
                        }

                        _outage.OnNeutral(probe);
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

    // In an outage every endpoint has been failing: probe the least busy, whatever its breaker says.
    private Endpoint? ProbeEndpoint() => _endpoints.Where(e => e.InFlight < e.Concurrency).MinBy(e => e.InFlight / e.Weight);

    private void Release(Endpoint endpoint)
    {
        lock (_gate)
        {
            endpoint.InFlight--;
            _inFlight--;
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
