using System.Runtime.CompilerServices;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using BatchAi.Daemon.Prompting;

namespace BatchAi.Daemon.Providers;

/// <summary>
/// Sends one row with retries (Polly): exponential back-off with jitter, the provider's
/// Retry-After honoured, a timeout per attempt. Only passing faults are retried; a refused
/// request or key is thrown at once so the caller can fail the row or pause the job.
/// </summary>
internal sealed class ResilientChat
{
    private readonly IChatProvider _provider;
    private readonly ResiliencePipeline _pipeline;
    private readonly TimeSpan _attemptTimeout;
    private static readonly ResiliencePropertyKey<IChatDeltaSink> SinkKey = new("sink");
    private static readonly ResiliencePropertyKey<StrongBox<int>> ChargedKey = new("charged");

    /// <param name="inOutage">Whether what the provider reaches is in an outage now: an attempt that timed out waiting through one costs the row no retry.</param>
    /// <param name="confirmOutage">Asked before a row fails for a passing fault (with its error): true when that is an outage's doing, which the row waits through.</param>
    public ResilientChat(IChatProvider provider, RetrySettings settings, TimeProvider time, Func<bool>? inOutage = null, Func<string, bool>? confirmOutage = null)
    {
        inOutage ??= static () => false;
        confirmOutage ??= static _ => false;
        _provider = provider;
        _attemptTimeout = settings.AttemptTimeout;
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                // Counted in ShouldHandle instead: a failure the pool says was an outage's costs the row no retry.
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = settings.BaseDelay,
                MaxDelay = settings.MaxDelay,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e && IsTransient(e) && Charge(args.Context, e, settings.MaxRetries, inOutage, confirmOutage)),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(args.Outcome.Exception switch
                {
                    // The pool holds the attempt until the outage's probe has answered: no back-off of its own.
                    ProviderException { InOutage: true } => TimeSpan.Zero,
                    ProviderException { RetryAfter: { } wait } => wait,
                    // Backed off by the failures charged to the row, not by every attempt: attempts an outage cost
                    // must not leave the row a minute's back-off once the provider is back.
                    _ => Backoff(args.Context.Properties.GetValue(ChargedKey, new StrongBox<int>()).Value, settings),
                }),
                OnRetry = static args =>
                {
                    if (args.Context.Properties.TryGetValue(SinkKey, out var sink))
                    {
                        sink.OnReset();
                    }

                    return ValueTask.CompletedTask;
                },
            })
            .AddTimeout(settings.AttemptTimeout)
            .Build();
    }

    public string Endpoint => _provider.Endpoint;

    /// <summary>What one attempt goes through: for a job, its endpoint pool.</summary>
    public IChatProvider Provider => _provider;

    /// <summary>Answers one row. <paramref name="onAttempt"/> is called as each attempt starts, so the caller can count them.</summary>
    public async Task<ChatAnswer> CompleteAsync(ChatRequest request, IChatDeltaSink sink, Action onAttempt, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(SinkKey, sink);
        context.Properties.Set(ChargedKey, new StrongBox<int>());
        try
        {
            return await _pipeline.ExecuteAsync(
                async (ctx, state) =>
                {
                    state.onAttempt();
                    return await state.provider.CompleteAsync(state.request, state.sink, ctx.CancellationToken).ConfigureAwait(false);
                },
                context,
                (provider: _provider, request, sink, onAttempt)).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException e)
        {
            throw new ProviderException(ProviderFault.Transient, $"{_provider.Endpoint}: no complete answer within {_attemptTimeout.TotalSeconds:0.#} s", inner: e, timedOut: true);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    // Exponential with full jitter ("decorrelated" enough for a job's rows), as Polly's own, by the charged failures.
    private static TimeSpan Backoff(int charged, RetrySettings settings)
    {
        var ceiling = Math.Min(settings.MaxDelay.TotalMilliseconds, settings.BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Max(0, charged - 1)));
        return TimeSpan.FromMilliseconds(ceiling * (0.5 + (Random.Shared.NextDouble() / 2)));
    }

    // Whether the row has retries left, counting this failure unless the pool says it was an outage's. A failure that is
    // the outage's also forgives the row the failures it was charged before: they were the outage's too (a row that ran out
    // just as the outage was seen would otherwise fail at its first probe). A row the provider alone keeps failing still
    // runs out: the pool charges the probes of the first rows it sends (OutageMonitor), and each outage forgives once.
    private static bool Charge(ResilienceContext context, Exception e, int maxRetries, Func<bool> inOutage, Func<string, bool> confirmOutage)
    {
        var charged = context.Properties.GetValue(ChargedKey, new StrongBox<int>());
        if (e is ProviderException { InOutage: true } || (e is TimeoutRejectedException && inOutage()))
        {
            charged.Value = 0;
            return true;
        }

        if (charged.Value < Math.Max(0, maxRetries))
        {
            charged.Value++;
            return true;
        }

        // Out of retries: unless everything is failing (an outage), the row fails.
        if (e is ProviderException { Pushback: Pushback.None, Probe: false } && confirmOutage(e.Message))
        {
            charged.Value = 0;
            return true;
        }

        return false;
    }

    private static bool IsTransient(Exception e) => e switch
    {
        ProviderException p => p.Fault == ProviderFault.Transient,
        TimeoutRejectedException => true,
        HttpRequestException or IOException => true,
        _ => false,
    };
}
