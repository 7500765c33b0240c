using System.ClientModel;
using System.ClientModel.Primitives;

namespace BatchAi.Daemon.Providers;

/// <summary>A provider's refusal, from the SDK's <see cref="ClientResultException"/>, sorted by what to do about it (<see cref="ProviderFault"/>).</summary>
internal static class ProviderFaults
{
    /// <param name="e">The SDK's exception, with the provider's response.</param>
    /// <param name="endpoint">What the message names as the endpoint.</param>
    /// <param name="apiKey">The key, redacted from the message wherever the provider echoed it.</param>
    /// <param name="now">The clock a Retry-After date is read against.</param>
    public static ProviderException Classify(ClientResultException e, string endpoint, string? apiKey, DateTimeOffset now)
    {
        var response = e.GetRawResponse();
        var error = ProviderError.Read(response);
        var detail = error.Message ?? e.Message;
        var message = Secrets.Redact($"{endpoint}: HTTP {e.Status}{(response?.ReasonPhrase is { Length: > 0 } p ? " " + p : "")}: {detail}", apiKey);
        var pushback = PushbackReader.Read(e.Status, error.Code, error.Type, error.Message, name => Header(response, name));
        return e.Status switch
        {
            401 or 403 => new ProviderException(ProviderFault.KeyRefused, $"{message} (the API key was refused)", inner: e, status: e.Status),
            _ when pushback == Pushback.QuotaSpent => new ProviderException(ProviderFault.QuotaSpent, message, inner: e, status: e.Status, pushback: pushback),
            408 or 409 or 429 or >= 500 or 0 => new ProviderException(
                ProviderFault.Transient,
                message,
                RetryAfter.Parse(Header(response, "retry-after-ms"), Header(response, "Retry-After"), now),
                e,
                e.Status,
                pushback: pushback),
            _ => new ProviderException(ProviderFault.Rejected, message, inner: e, status: e.Status),
        };
    }

    private static string? Header(PipelineResponse? response, string name) =>
        response is not null && response.Headers.TryGetValue(name, out var value) ? value : null;
}
