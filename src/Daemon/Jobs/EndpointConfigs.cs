using BatchAi.Daemon.Jobs;
using BatchAi.Protocol.Jobs;
using BatchAi.Daemon.Scheduling;
using BatchAi.Daemon.Common;

namespace BatchAi.Daemon.Jobs;

/// <summary>Checks the endpoints a request names, field by field, and turns them into what is stored (no keys).</summary>
internal static class EndpointConfigs
{
    /// <summary>The endpoints of a request that gives exactly one of provider or endpoints (a profile is already resolved into endpoints).</summary>
    public static IReadOnlyList<EndpointConfig> Of(StartJobParams p) => p.Provider is { } provider
        ? [new EndpointConfig(provider.BaseUrl, provider.Model, DefaultName(0), provider.ApiKey, provider.ApiKeyEnv, MaxTokensParameter: provider.MaxTokensParameter)]
        : p.Endpoints ?? [];

    public static string DefaultName(int index) => EndpointSpec.DefaultName(index);

    /// <param name="prefix">How the error names the field: <c>provider</c> for the shorthand, else <c>endpoints</c>.</param>
    public static void Validate(IReadOnlyList<EndpointConfig>? endpoints, string prefix)
    {
        if (endpoints is null || endpoints.Count == 0)
        {
            throw Invalid(prefix, $"{prefix} must list at least one endpoint {{ baseUrl, model, apiKey or apiKeyEnv }}.");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < endpoints.Count; i++)
        {
            var e = endpoints[i];
            var at = prefix == "provider" ? "provider" : $"{prefix}[{i}]";
            if (e is null)
            {
                throw Invalid(at, $"{at} is empty.");
            }

            if (!Uri.TryCreate(e.BaseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw Invalid($"{at}.baseUrl", $"{at}.baseUrl must be an http or https URL, e.g. https://api.openai.com/v1 (got '{e.BaseUrl}').");
            }

            if (string.IsNullOrWhiteSpace(e.Model))
            {
                throw Invalid($"{at}.model", $"{at}.model is required.");
            }

            if (!names.Add(e.Name ?? DefaultName(i)))
            {
                throw Invalid($"{at}.name", $"{at}.name '{e.Name}' is used twice; endpoint names must differ.");
            }

            if (e.Weight is <= 0 or > 1000 || (e.Weight is { } w && double.IsNaN(w)))
            {
                throw Invalid($"{at}.weight", $"{at}.weight must be above 0 and at most 1000 (got {e.Weight}).");
            }

            if (e.RequestsPerMinute is < 1)
            {
                throw Invalid($"{at}.requestsPerMinute", $"{at}.requestsPerMinute must be at least 1 (got {e.RequestsPerMinute}).");
            }

            if (e.TokensPerMinute is < 1)
            {
                throw Invalid($"{at}.tokensPerMinute", $"{at}.tokensPerMinute must be at least 1 (got {e.TokensPerMinute}).");
            }

            if (e.MaxTokensParameter is not (null or "max_tokens" or "max_completion_tokens"))
            {
                throw Invalid($"{at}.maxTokensParameter", $"{at}.maxTokensParameter must be max_tokens or max_completion_tokens (got '{e.MaxTokensParameter}').");
            }

            if (e.MaxConcurrent is < 1 or > JobSpec.MaxConcurrency)
            {
                throw Invalid($"{at}.maxConcurrent", $"{at}.maxConcurrent must be between 1 and {JobSpec.MaxConcurrency} (got {e.MaxConcurrent}).");
            }
        }
    }

    /// <summary>What is stored: the endpoint without its key.</summary>
    public static IReadOnlyList<EndpointSpec> ToSpecs(IReadOnlyList<EndpointConfig> endpoints) => endpoints
        .Select((e, i) => new EndpointSpec(e.Name ?? DefaultName(i), e.BaseUrl, e.Model, e.ApiKeyEnv, !string.IsNullOrEmpty(e.ApiKey),
            e.Weight ?? 1, e.RequestsPerMinute, e.TokensPerMinute, e.MaxConcurrent, e.MaxTokensParameter))
        .ToList();

    /// <summary>
    /// A helper model's fields (the user simulator's, the judge's) under <paramref name="prefix"/>: a model named if given, an
    /// http(s) base URL, and a key variable only with a base URL of its own (on the job's endpoint, that endpoint's key is used).
    /// </summary>
    public static void ValidateOwnEndpoint(string prefix, string? model, string? baseUrl, string? apiKeyEnv, Func<string, string, Exception> invalid)
    {
        if (model is not null && string.IsNullOrWhiteSpace(model))
        {
            throw invalid($"{prefix}.model", $"{prefix}.model must name a model (or be left out for the job's).");
        }

        if (baseUrl is not null && !(Uri.TryCreate(baseUrl, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"))
        {
            throw invalid($"{prefix}.baseUrl", $"{prefix}.baseUrl must be an http(s) URL (got '{baseUrl}').");
        }

        if (apiKeyEnv is not null && baseUrl is null)
        {
            throw invalid($"{prefix}.apiKeyEnv", $"{prefix}.apiKeyEnv is for a baseUrl of its own; on the job's endpoint the endpoint's key is used.");
        }
    }

    /// <summary>
    /// A helper model's own endpoint, or null when the job's pool serves it (no model or base URL of its own). On the job's
    /// first endpoint's base URL it is that endpoint with another model, so it is sent with that endpoint's key; on another
    /// base URL it has only the key its <paramref name="apiKeyEnv"/> names, never the job's.
    /// </summary>
    public static EndpointSpec? OwnEndpoint(IReadOnlyList<EndpointSpec> endpoints, string name, string? model, string? baseUrl, string? apiKeyEnv)
    {
        if (model is null && baseUrl is null)
        {
            return null;
        }

        var first = endpoints[0];
        if (baseUrl is null || string.Equals(baseUrl.TrimEnd('/'), first.BaseUrl.TrimEnd('/'), StringComparison.OrdinalIgnoreCase))
        {
            // Its limits are learnt apart: the endpoint's stated ones are for the job's pool.
            return first with { Model = model ?? first.Model, Weight = 1, RequestsPerMinute = null, TokensPerMinute = null };
        }

        return new EndpointSpec(name, baseUrl, model ?? first.Model, apiKeyEnv, InlineKey: false);
    }

    private static RequestRefusedException Invalid(string field, string message) => new(RefusalReason.InvalidField, message, new RefusedAt(Field: field));
}
