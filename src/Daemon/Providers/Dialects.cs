namespace BatchAi.Daemon.Providers;

/// <summary>
/// Which dialect an endpoint speaks: named in its settings, else known from its base URL, else OpenAI's. And what a
/// refused request says about the dialect: the other name of the token cap is the one to send.
/// </summary>
internal static class Dialects
{
    // Providers whose documented parameter is max_tokens (their docs' request bodies): DeepSeek, Volcengine Ark,
    // Alibaba DashScope's compatible mode, Moonshot, Zhipu, and Ollama's default port.
    private static readonly string[] MaxTokensHosts =
        ["api.deepseek.com", "volces.com", "volcengineapi.com", "dashscope.aliyuncs.com", "api.moonshot.cn", "open.bigmodel.cn"];

    public static WireOptions For(string? maxTokensParameter, string baseUrl)
    {
        if (maxTokensParameter is { } named)
        {
            return new WireOptions(named == "max_tokens" ? MaxTokensField.MaxTokens : MaxTokensField.MaxCompletionTokens);
        }

        if (Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri)
            && (MaxTokensHosts.Any(h => uri.Host.Equals(h, StringComparison.OrdinalIgnoreCase) || uri.Host.EndsWith("." + h, StringComparison.OrdinalIgnoreCase))
                || uri.Port == 11434))
        {
            return new WireOptions(MaxTokensField.MaxTokens);
        }

        return WireOptions.Default;
    }

    /// <summary>
    /// The dialect to try instead when a 400 says the token cap's name is wrong: vLLM and gateways answer an unknown
    /// <c>max_completion_tokens</c> with "Unrecognized request argument" or <c>unknown_parameter</c>; OpenAI's reasoning
    /// models refuse <c>max_tokens</c> ("Use 'max_completion_tokens' instead"). Null when the 400 is about something else.
    /// </summary>
    public static WireOptions? Instead(WireOptions sent, ProviderError error)
    {
        var text = $"{error.Param} {error.Code} {error.Message}";
        var sentName = sent.MaxTokensField == MaxTokensField.MaxTokens ? "max_tokens" : "max_completion_tokens";
        var names = error.Param == sentName || (error.Message?.Contains($"'{sentName}'", StringComparison.Ordinal) ?? false)
            || (error.Message?.Contains($": {sentName}", StringComparison.Ordinal) ?? false)
            || (error.Message?.Contains($" {sentName} ", StringComparison.Ordinal) ?? false);
        var refused = text.Contains("unknown", StringComparison.OrdinalIgnoreCase) || text.Contains("unrecognized", StringComparison.OrdinalIgnoreCase)
            || text.Contains("unsupported", StringComparison.OrdinalIgnoreCase) || text.Contains("not supported", StringComparison.OrdinalIgnoreCase)
            || text.Contains("extra inputs", StringComparison.OrdinalIgnoreCase) || text.Contains("instead", StringComparison.OrdinalIgnoreCase);
        if (!names || !refused)
        {
            return null;
        }

        return new WireOptions(sent.MaxTokensField == MaxTokensField.MaxTokens ? MaxTokensField.MaxCompletionTokens : MaxTokensField.MaxTokens);
    }
}
