using BatchAi.Daemon.Providers;
using BatchAi.Protocol.Jobs;

namespace BatchAi.Daemon.Scheduling;

/// <summary>
/// One endpoint of a pool: its provider, its concurrency limits (AIMD on push-back; a latency gradient while it sends
/// no rate-limit headers, as servers that queue do), its circuit breaker, its paces for requests and tokens (configured,
/// or learned from the provider's headers), how long it may stay silent, and what it has seen.
/// <see cref="InFlight"/> and <see cref="CooldownUntil"/> change only under the pool's lock.
/// </summary>
internal sealed class Endpoint
{
    // 429s that cluster say the limit is spent for everyone: within one round trip, with no success between, at least
    // this many, or a quarter of the limit if more (a refused request is answered at once and its slot refilled at once,
    // so a few refusals in a row come by chance at a wide limit; a spent limit refuses everything in flight).
    private const int Cluster = 3;

    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private long _requests;
    private long _errors;
    private long _rateLimited;
    private int _pushbacks;
    private long _firstPushback;
    private volatile bool _headersSeen;

    /// <param name="label">How rows name this endpoint (<see cref="EndpointLabel"/>); default its name.</param>
    /// <param name="silence">The longest silence allowed before a first token or between chunks (the adaptive timeout's ceiling).</param>
    public Endpoint(EndpointSpec spec, IChatProvider provider, int concurrency, TimeProvider time, CircuitBreaker breaker, string? label = null,
        TimeSpan? silence = null)
    {
        Spec = spec;
        Provider = provider;
        Origin = new AnswerOrigin(spec.Model, label ?? spec.Name);
        _time = time;
        var max = spec.MaxConcurrent ?? concurrency;
        Limit = new AdaptiveLimit(max, max, time);
        Queueing = new QueueingLimit(max, time);
        Breaker = breaker;
        Requests = new Pace(time, spec.RequestsPerMinute);
        Tokens = new Pace(time, spec.TokensPerMinute);
        InputTokens = new Pace(time, null);
        OutputTokens = new Pace(time, null);
        Silence = new FirstTokenTimeout(silence ?? new RetrySettings().FirstTokenTimeout);
    }

    public EndpointSpec Spec { get; }

    public string Name => Spec.Name;

    public double Weight => Spec.Weight > 0 ? Spec.Weight : 1;

    public IChatProvider Provider { get; }

    /// <summary>What an answer from here records: the model sent and this endpoint's label.</summary>
    public AnswerOrigin Origin { get; }

    public AdaptiveLimit Limit { get; }

    /// <summary>The latency-gradient limit, which holds only while the endpoint has sent no rate-limit headers (a server that queues).</summary>
    public QueueingLimit Queueing { get; }

    public CircuitBreaker Breaker { get; }

    public Pace Requests { get; }

    /// <summary>Tokens in and out together (OpenAI's <c>x-ratelimit-*-tokens</c>, or a configured tokensPerMinute).</summary>
    public Pace Tokens { get; }

    /// <summary>Input tokens, where the provider limits them apart (Anthropic's <c>-input-tokens-*</c>).</summary>
    public Pace InputTokens { get; }

    /// <summary>Output tokens, where the provider limits them apart (Anthropic's <c>-output-tokens-*</c>).</summary>
    public Pace OutputTokens { get; }

    /// <summary>How long the endpoint may stay silent before an attempt is taken for hung.</summary>
    public FirstTokenTimeout Silence { get; }

    /// <summary>Whether any token limit is paced (so a request's token cost must be estimated).</summary>
    public bool PacesTokens => Tokens.Bucket is not null || InputTokens.Bucket is not null || OutputTokens.Bucket is not null;

    /// <summary>How many requests may be in flight here now.</summary>
    public int Concurrency => _headersSeen ? Limit.Current : Math.Min(Limit.Current, Queueing.Current);

    public int InFlight { get; set; }

    /// <summary>Until when a spent limit keeps every request off this endpoint.</summary>
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

    /// <summary>How long until a request of this cost may go by this endpoint's paces (zero when it may now).</summary>
    public TimeSpan PaceWait(int prompt, int completion)
    {
        var wait = Requests.WaitFor(1);
        if (prompt + completion > 0)
        {
            wait = Max(wait, Tokens.WaitFor(prompt + completion));
            wait = Max(wait, InputTokens.WaitFor(prompt));
            wait = Max(wait, OutputTokens.WaitFor(completion));
        }

        return wait;
    }

    /// <summary>A request is leaving: its cost is taken from every pace.</summary>
    public void TakePace(int prompt, int completion)
    {
        Requests.Take(1);
        if (prompt + completion > 0)
        {
            Tokens.Take(prompt + completion);
            InputTokens.Take(prompt);
            OutputTokens.Take(completion);
        }
    }

    /// <summary>An answer came back: what it teaches the limits and the paces.</summary>
    /// <param name="latency">The whole attempt's time.</param>
    /// <param name="inFlightAtSend">Requests in flight here when it was sent, itself included.</param>
    /// <param name="estimate">The token cost taken when it was sent (prompt, completion).</param>
    public void OnAnswered(ChatAnswer answer, TimeSpan latency, int inFlightAtSend, (int Prompt, int Completion) estimate)
    {
        lock (_gate)
        {
            _pushbacks = 0;
        }

        Limit.OnSuccess(latency);
        if (answer.FirstToken is { } firstToken)
        {
            Silence.Observe(firstToken);
            if (!_headersSeen)
            {
                Queueing.OnFirstToken(firstToken, inFlightAtSend);
            }
        }

        Requests.OnAccepted(1);
        if (answer.PromptTokens is { } prompt)
        {
            var completion = answer.CompletionTokens ?? 0;
            Tokens.OnAccepted(prompt + completion);
            InputTokens.OnAccepted(prompt);
            OutputTokens.OnAccepted(completion);
            if (estimate.Prompt + estimate.Completion > 0)
            {
                // Correct the estimates from what the provider counted.
                Tokens.Adjust(estimate.Prompt + estimate.Completion - (prompt + completion));
                InputTokens.Adjust(estimate.Prompt - prompt);
                OutputTokens.Adjust(estimate.Completion - completion);
            }
        }
    }

    /// <summary>A 429 or 503 came back. Returns whether 429s now cluster: several within one round trip, no success between.</summary>
    public bool OnPushback()
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            if (_pushbacks == 0 || _time.GetElapsedTime(_firstPushback, now) > Limit.Cooldown)
            {
                _pushbacks = 0;
                _firstPushback = now;
            }

            return ++_pushbacks >= Math.Max(Cluster, Limit.Current / 4);
        }
    }

    /// <summary>
    /// Takes in what the provider said about its limits: each pace learns its rate and window (never above a configured
    /// one); what remains caps it; nothing remaining keeps requests off for about one unit's refill, instead of spending
    /// them on 429s.
    /// </summary>
    public void Learn(RateLimitSnapshot limits, Action<DateTimeOffset> coolUntil)
    {
        _headersSeen = true;
        TimeSpan? hold = null;
        // The response read is one of those in flight; the others may have reached the provider after it counted.
        hold = Longest(hold, Requests.Observe(limits.LimitRequests, limits.RemainingRequests, limits.ResetRequests, Math.Max(0, InFlight - 1)));
        hold = Longest(hold, Tokens.Observe(limits.LimitTokens, limits.RemainingTokens, limits.ResetTokens));
        hold = Longest(hold, InputTokens.Observe(limits.LimitInputTokens, limits.RemainingInputTokens, limits.ResetInputTokens));
        hold = Longest(hold, OutputTokens.Observe(limits.LimitOutputTokens, limits.RemainingOutputTokens, limits.ResetOutputTokens));
        if (hold is { } wait)
        {
            coolUntil(_time.GetUtcNow() + wait);
        }
    }

    /// <summary>A 429 said a limit is spent: the paces stop probing upwards and empty what they hold.</summary>
    public void OnLimitSpent(TimeSpan hold)
    {
        Requests.OnRefused(hold);
        Tokens.OnRefused(hold);
    }

    public EndpointStatus Status(int inFlight) => new(
        Name,
        Spec.BaseUrl,
        Spec.Model,
        Interlocked.Read(ref _requests),
        Interlocked.Read(ref _errors),
        Interlocked.Read(ref _rateLimited),
        inFlight,
        Concurrency,
        Breaker.State switch { CircuitState.Open => "open", CircuitState.HalfOpen => "halfOpen", _ => "closed" },
        Requests.PerMinute,
        Tokens.PerMinute ?? InputTokens.PerMinute);

    private static TimeSpan? Longest(TimeSpan? a, TimeSpan? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a >= b ? a : b;
}
