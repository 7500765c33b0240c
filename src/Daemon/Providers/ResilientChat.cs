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

    public ResilientChat(IChatProvider provider, RetrySettings settings, TimeProvider time)
    {
        _provider = provider;
        _attemptTimeout = settings.AttemptTimeout;
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(0, settings.MaxRetries),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = settings.BaseDelay,
                MaxDelay = settings.MaxDelay,
                ShouldHandle = static args => ValueTask.FromResult(args.Outcome.Exception is { } e && IsTransient(e)),
                DelayGenerator = static args => ValueTask.FromResult(
                    args.Outcome.Exception is ProviderException { RetryAfter: { } wait } ? wait : (TimeSpan?)null),
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

    private static bool IsTransient(Exception e) => e switch
    {
        ProviderException p => p.Fault == ProviderFault.Transient,
        TimeoutRejectedException => true,
        HttpRequestException or IOException => true,
        _ => false,
    };
}
