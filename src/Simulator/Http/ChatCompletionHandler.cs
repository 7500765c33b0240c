using BatchAi.Simulator.Faults;
using Microsoft.AspNetCore.Http;

namespace BatchAi.Simulator.Http;

/// <summary>
/// <c>POST /v1/chat/completions</c>: counts the request, then checks the key, the rate limit and the fault plan
/// before answering.
/// </summary>
internal sealed class ChatCompletionHandler(
    SimulatorOptions options,
    SimulatorStats stats,
    FaultPlanner faults,
    RequestRateLimiter limiter,
    CancellationToken stopping)
{
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

        stats.RecordArrival(options.CountByQuestion ? request.Question : null, request.Settings);
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
            var pacer = new Pacer(time, arrival, TimeToFirstToken(), options.TokensPerSecond);
            await RespondAsync(context, request, pacer, cancellationToken).ConfigureAwait(false);
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

    private async Task RespondAsync(HttpContext context, ChatRequest request, Pacer pacer, CancellationToken cancellationToken)
    {
        var response = context.Response;
        response.Headers["x-request-id"] = $"req_{Guid.NewGuid():N}";
        if (!ApiKeys.IsAuthorized(context, options, out var presented))
        {
            await ErrorResponses.UnauthorizedAsync(context, presented).ConfigureAwait(false);
            return;
        }
        if (options.RequestsPerMinute is { } perMinute)
        {
            var decision = limiter.TryAcquire(perMinute, options.TimeProvider.GetUtcNow());
            RateLimitHeaders.WriteLimits(response, decision);
            if (!decision.Allowed)
            {
                stats.RecordRateLimited();
                RateLimitHeaders.WriteRetryAfter(response, decision.Reset);
                await ErrorResponses.RateLimitedAsync(context, request.Model).ConfigureAwait(false);
                return;
            }
        }

        var fault = faults.Next(request.Question, options);
        if (fault is { } injected)
        {
            stats.RecordFault(injected);
        }
        switch (fault)
        {
            case SimulatorFault.RateLimited429:
                RateLimitHeaders.WriteRetryAfter(response, options.RetryAfter);
                await ErrorResponses.RateLimitedAsync(context, request.Model).ConfigureAwait(false);
                return;
            case SimulatorFault.ServerError500:
                await ErrorResponses.ServerErrorAsync(context).ConfigureAwait(false);
                return;
            case SimulatorFault.Unavailable503:
                await ErrorResponses.UnavailableAsync(context).ConfigureAwait(false);
                return;
            case SimulatorFault.BadRequest400:
                await ErrorResponses.BadRequestAsync(context, request.Model).ConfigureAwait(false);
                return;
            case SimulatorFault.Garbage:
                await ErrorResponses.GarbageAsync(context).ConfigureAwait(false);
                return;
            case SimulatorFault.NeverAnswers:
                // Ends only by cancellation: the client hangs up or the server stops.
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
                return;
        }

        var cut = fault == SimulatorFault.StreamCut;
        var answer = PlannedAnswer.For(request, options);
        var header = new CompletionHeader(
            $"chatcmpl-{Guid.NewGuid():N}",
            options.TimeProvider.GetUtcNow().ToUnixTimeSeconds(),
            request.Model,
            request.Stream && request.IncludeUsage);
        if (request.Stream)
        {
            await AnswerWriter.WriteStreamAsync(context, header, answer, pacer, cut, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await AnswerWriter.WriteCompletionAsync(context, header, answer, pacer, cut, cancellationToken).ConfigureAwait(false);
        }
        if (cut)
        {
            throw new StreamCutException();
        }
        stats.RecordCompleted();
    }
}
