using Microsoft.AspNetCore.Http;

namespace BatchAi.Simulator.Http;

/// <summary>The injected faults that replace an answer; the ones that spoil an answer part-way are <see cref="AnswerEnding"/>s.</summary>
internal static class FaultResponses
{
    /// <returns>Whether the fault was the whole response (false for StreamCut and Drip, which answer in part).</returns>
    public static async Task<bool> TryWriteAsync(HttpContext context, SimulatorFault fault, string model, SimulatorOptions options, CancellationToken cancellationToken)
    {
        switch (fault)
        {
            case SimulatorFault.RateLimited429:
                // The limit headers, if any, were written already and show it far from spent: an isolated 429.
                RateLimitHeaders.WriteRetryAfter(context.Response, options.RetryAfter, options.RateLimitHeaders);
                await ErrorResponses.RateLimitedAsync(context, model).ConfigureAwait(false);
                return true;
            case SimulatorFault.ServerOverloaded429:
                RateLimitHeaders.WriteRetryAfter(context.Response, options.RetryAfter, options.RateLimitHeaders);
                await ProviderErrors.ArkOverloadedAsync(context).ConfigureAwait(false);
                return true;
            case SimulatorFault.QuotaExceeded429:
                await ProviderErrors.QuotaExceededAsync(context).ConfigureAwait(false);
                return true;
            case SimulatorFault.ServerError500:
                await ErrorResponses.ServerErrorAsync(context).ConfigureAwait(false);
                return true;
            case SimulatorFault.Unavailable503:
                await ErrorResponses.UnavailableAsync(context).ConfigureAwait(false);
                return true;
            case SimulatorFault.BadRequest400:
                await ErrorResponses.BadRequestAsync(context, model).ConfigureAwait(false);
                return true;
            case SimulatorFault.Garbage:
                await ErrorResponses.GarbageAsync(context).ConfigureAwait(false);
                return true;
            case SimulatorFault.NeverAnswers:
                // Ends only by cancellation: the client hangs up or the server stops.
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
                return true;
            default:
                return false;
        }
    }
}
