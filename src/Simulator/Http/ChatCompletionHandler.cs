using BatchAi.Simulator.Faults;
using Microsoft.AspNetCore.Http;

namespace BatchAi.Simulator.Http;

/// <summary>
/// <c>POST /v1/chat/completions</c>: counts the request, then checks the outage, the key, the parameters, the quota, the limits
/// and the fault plan, waits for a slot when the server queues, and answers.
/// </summary>
internal sealed class ChatCompletionHandler(
    SimulatorOptions options,
    SimulatorStats stats,
    FaultPlanner faults,
    RateLimits limits,
    OutageSchedule outages,
    ServerQueue queue,
    CancellationToken stopping)
{
    private readonly AnswerWriter _writer = new(options, stats);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _schemaAnswers = new(StringComparer.Ordinal);

    public async Task HandleAsync(HttpContext context)
    {
        var time = options.TimeProvider;
        // Taken before anything can wait, so pacing is measured from arrival (see Pacer).
        var arrival = time.GetTimestamp();
        using var abandoned = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        var cancellationToken = abandoned.Token;
        ChatRequest request;
        try
        {
            request = await ChatRequest.ReadAsync(context.Request.Body, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidRequestException invalid)
        {
            await ErrorResponses.WriteAsync(context, StatusCodes.Status400BadRequest, invalid.Message, "invalid_request_error", null, invalid.Param).ConfigureAwait(false);
            return;
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested || e is BadHttpRequestException)
        {
            // The client hung up, or left in the middle of its request body (Kestrel: "unexpected end of request content").
            context.Abort();
            return;
        }

        var number = stats.RecordArrival(options.CountByQuestion ? request.Question : null, request.Settings, request.Images);
        if (outages.IsDown(options, number, time.GetUtcNow()))
        {
            stats.RecordOutage();
            await ProviderErrors.OutageAsync(context, options.OutageStatusCode).ConfigureAwait(false);
            return;
        }
        if (options.MaxConcurrentRequests is { } most && stats.InFlight >= most)
        {
            stats.RecordRateLimited();
            RateLimitHeaders.WriteRetryAfter(context.Response, options.RetryAfter);
            await ErrorResponses.RateLimitedAsync(context, request.Model).ConfigureAwait(false);
            return;
        }

        stats.Enter();
        try
        {
            await RespondAsync(context, request, arrival, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // The client gave up or the server is stopping: drop the connection rather than leave a response half-written.
            context.Abort();
        }
        finally
        {
            stats.Exit(time.GetElapsedTime(arrival));
        }
    }

    // Spread evenly over TTFT ± jitter, so a steady load does not move in lockstep waves as with one fixed delay.
    private TimeSpan TimeToFirstToken() => options.TimeToFirstTokenJitter <= TimeSpan.Zero
        ? options.TimeToFirstToken
        : options.TimeToFirstToken + (options.TimeToFirstTokenJitter * ((Random.Shared.NextDouble() * 2) - 1));

    private async Task RespondAsync(HttpContext context, ChatRequest request, long arrival, CancellationToken cancellationToken)
    {
        var response = context.Response;
        response.Headers["x-request-id"] = $"req_{Guid.NewGuid():N}";
        if (!ApiKeys.IsAuthorized(context, options, out var presented))
        {
            await ErrorResponses.UnauthorizedAsync(context, presented).ConfigureAwait(false);
            return;
        }
        if (await DialectCheck.RefuseAsync(context, request, options.MaxTokensParameter, options.ResponseFormatSupport, options.ChoicesSupport).ConfigureAwait(false))
        {
            stats.RecordDialectRefused();
            return;
        }
        if (options.QuotaExhausted)
        {
            stats.RecordQuotaRefused();
            await ProviderErrors.QuotaExceededAsync(context).ConfigureAwait(false);
            return;
        }
        if (request.JsonSchema is not null && Text.SchemaAnswer.HasDirective(request.FirstQuestion))
        {
            // [[sim:invalid-json:N]] means the question's first N structured answers, however many earlier answers a re-ask
            // carries (a client may send only the last exchange), as the fault directives count a question's attempts.
            request = request with { PriorAnswers = Math.Max(request.PriorAnswers, _schemaAnswers.AddOrUpdate(request.FirstQuestion, 0, static (_, n) => n + 1)) };
        }

        var choices = PlannedAnswer.ForChoices(request, options);
        if (options.HasLimits && !await AdmitAsync(context, request, PlannedAnswer.UsageOf(choices)).ConfigureAwait(false))
        {
            return;
        }

        var fault = faults.Next(request.Question, options);
        if (fault is { } injected)
        {
            stats.RecordFault(injected);
            if (await FaultResponses.TryWriteAsync(context, injected, request.Model, options, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }

        var ending = fault switch
        {
            SimulatorFault.StreamCut => AnswerEnding.Cut,
            SimulatorFault.Drip => AnswerEnding.Drip,
            _ => AnswerEnding.Whole,
        };
        // A queueing server starts the clock of a request (its time to first token, its pacing) when it gets a slot.
        using var slot = options.QueueCapacity is { } capacity
            ? await queue.EnterAsync(Math.Max(1, capacity), cancellationToken).ConfigureAwait(false)
            : default;
        var start = options.QueueCapacity is null ? arrival : options.TimeProvider.GetTimestamp();
        var pacer = new Pacer(options.TimeProvider, start, TimeToFirstToken(), options.TokensPerSecond);
        var header = new CompletionHeader(
            $"chatcmpl-{Guid.NewGuid():N}",
            options.TimeProvider.GetUtcNow().ToUnixTimeSeconds(),
            request.Model,
            request.Stream && request.IncludeUsage);
        if (request.Stream)
        {
            await _writer.WriteStreamAsync(context, header, choices, pacer, ending, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await _writer.WriteCompletionAsync(context, header, choices, pacer, ending, cancellationToken).ConfigureAwait(false);
        }
        if (ending == AnswerEnding.Cut)
        {
            throw new StreamCutException();
        }
        stats.RecordCompleted(options.CountByQuestion ? request.Question : null);
        if (options.CountByQuestion)
        {
            stats.RecordSamples(request.Question, request.Model, request.Seed ?? 0, choices.Count);
        }
    }

    // The limits take what the answer will cost: one request, its prompt and completion tokens.
    private async Task<bool> AdmitAsync(HttpContext context, ChatRequest request, TokenUsage usage)
    {
        var now = options.TimeProvider.GetUtcNow();
        var decision = limits.TryAcquire(options, usage.PromptTokens, usage.CompletionTokens, now);
        RateLimitHeaders.WriteLimits(context.Response, decision, options.RateLimitHeaders, now);
        if (decision.Allowed)
        {
            if (decision.Requests is { } window)
            {
                stats.RecordLimitGranted(window.Limit - window.Remaining);
            }
            return true;
        }
        stats.RecordRateLimited();
        RateLimitHeaders.WriteRetryAfter(context.Response, decision.RetryAfter, options.RateLimitHeaders);
        await (options.ErrorStyle == ErrorStyle.Ark
            ? ProviderErrors.ArkLimitAsync(context, tokens: decision.RefusedBy != LimitKind.Requests)
            : ErrorResponses.RateLimitedAsync(context, request.Model)).ConfigureAwait(false);
        return false;
    }
}
