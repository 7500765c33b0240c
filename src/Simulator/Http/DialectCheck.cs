using Microsoft.AspNetCore.Http;

namespace BatchAi.Simulator.Http;

/// <summary>Refuses a token-cap parameter the endpoint does not accept, as the provider it plays refuses it.</summary>
internal static class DialectCheck
{
    /// <returns>Whether the request was refused (the 400 is written).</returns>
    public static async Task<bool> RefuseAsync(HttpContext context, ChatRequest request, MaxTokensParameter dialect, ResponseFormatSupport formats = ResponseFormatSupport.JsonSchema,
        ChoicesSupport choices = ChoicesSupport.Supported)
    {
        if (request.Choices > 1 && choices == ChoicesSupport.Refused)
        {
            await ProviderErrors.ChoicesUnsupportedAsync(context).ConfigureAwait(false);
            return true;
        }

        if (request.ResponseFormatType is { } type && formats != ResponseFormatSupport.JsonSchema
            && (formats == ResponseFormatSupport.None || type == "json_schema"))
        {
            await (formats == ResponseFormatSupport.None
                ? ProviderErrors.UnknownParameterAsync(context, "response_format")
                : ProviderErrors.ResponseFormatUnavailableAsync(context)).ConfigureAwait(false);
            return true;
        }

        switch (dialect)
        {
            case MaxTokensParameter.MaxTokensOnly when request.SentMaxCompletionTokens:
                await ProviderErrors.UnknownParameterAsync(context, "max_completion_tokens").ConfigureAwait(false);
                return true;
            case MaxTokensParameter.MaxCompletionTokensOnly when request.SentMaxTokens:
                await ProviderErrors.MaxTokensUnsupportedAsync(context).ConfigureAwait(false);
                return true;
            default:
                return false;
        }
    }
}
