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

    private static RequestRefusedException Invalid(string field, string message) => new(RefusalReason.InvalidField, message, new RefusedAt(Field: field));
}
