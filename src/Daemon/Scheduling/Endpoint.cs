using BatchAi.Daemon.Providers;
using BatchAi.Protocol.Jobs;

namespace BatchAi.Daemon.Scheduling;

/// <summary>
/// One endpoint of a pool: its provider, its concurrency limit, its circuit breaker, its request and
/// token buckets (configured, or learned from the provider's headers), and what it has seen.
/// <see cref="InFlight"/> and <see cref="CooldownUntil"/> change only under the pool's lock.
/// </summary>
internal sealed class Endpoint
{
    private readonly TimeProvider _time;
    private readonly Lock _learn = new();
    private long _requests;
    private long _errors;
    private long _rateLimited;

    /// <param name="label">How rows name this endpoint (<see cref="EndpointLabel"/>); default its name.</param>
    public Endpoint(EndpointSpec spec, IChatProvider provider, int concurrency, TimeProvider time, CircuitBreaker breaker, string? label = null)
    {
        Spec = spec;
        Provider = provider;
        Origin = new AnswerOrigin(spec.Model, label ?? spec.Name);
        _time = time;
        var max = spec.MaxConcurrent ?? concurrency;
        Limit = new AdaptiveLimit(max, max, time);
        Breaker = breaker;
        Requests = spec.RequestsPerMinute is { } rpm ? new ClockedTokenBucket(rpm, time) : null;
        Tokens = spec.TokensPerMinute is { } tpm ? new ClockedTokenBucket(tpm, time) : null;
    }

    public EndpointSpec Spec { get; }

    public string Name => Spec.Name;

    public double Weight => Spec.Weight > 0 ? Spec.Weight : 1;

    public IChatProvider Provider { get; }

    /// <summary>What an answer from here records: the model sent and this endpoint's label.</summary>
    public AnswerOrigin Origin { get; }

    public AdaptiveLimit Limit { get; }

    public CircuitBreaker Breaker { get; }

    public ClockedTokenBucket? Requests { get; private set; }

    public ClockedTokenBucket? Tokens { get; private set; }

    public int InFlight { get; set; }

    /// <summary>Until when a 429 (or a provider that said nothing is left) keeps every request off this endpoint.</summary>
    public DateTimeOffset CooldownUntil { get; set; }

    public void CountRequest() => Interlocked.Increment(ref _requests);

    public void CountError(bool rateLimited)
    {
        Interlocked.Increment(ref _errors);
        if (rateLimited)
        {
            Interlocked.Increment(ref _rateLimited);
        }
    }

    /// <summary>
    /// Takes in what the provider said about its limits: a limit per minute sets the bucket's rate
    /// (never above a configured one), what remains caps the bucket, and nothing remaining keeps
    /// requests off until the reset, instead of spending them on 429s.
    /// </summary>
    public void Learn(RateLimitSnapshot limits, Action<DateTimeOffset> coolUntil)
    {
        lock (_learn)
        {
            if (limits.LimitRequests is { } rpm && rpm > 0)
            {
                var rate = Math.Min(rpm, Spec.RequestsPerMinute ?? int.MaxValue);
                if (Requests is null)
                {
                    Requests = new ClockedTokenBucket(rate, _time);
                }
                else if (Math.Abs(Requests.PerMinute - rate) > 0.5)
                {
                    Requests.SetRate(rate);
                }
            }

            if (limits.LimitTokens is { } tpm && tpm > 0)
            {
                var rate = Math.Min(tpm, Spec.TokensPerMinute ?? long.MaxValue);
                if (Tokens is null)
                {
                    Tokens = new ClockedTokenBucket(rate, _time);
                }
                else if (Math.Abs(Tokens.PerMinute - rate) > 0.5)
                {
                    Tokens.SetRate(rate);
                }
            }
        }

        if (limits.RemainingRequests is { } left)
        {
            Requests?.CapAt(left);
            if (left == 0 && limits.ResetRequests is { } reset)
            {
                coolUntil(_time.GetUtcNow() + reset);
            }
        }

        if (limits.RemainingTokens is { } tokensLeft)
        {
            Tokens?.CapAt(tokensLeft);
        }
    }

    public EndpointStatus Status(int inFlight) => new(
        Name,
        Spec.BaseUrl,
        Spec.Model,
        Interlocked.Read(ref _requests),
        Interlocked.Read(ref _errors),
        Interlocked.Read(ref _rateLimited),
        inFlight,
        Limit.Current,
        Breaker.State switch { CircuitState.Open => "open", CircuitState.HalfOpen => "halfOpen", _ => "closed" },
        Requests?.PerMinute,
        Tokens?.PerMinute);
}
