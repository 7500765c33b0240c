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

    // DeepSeek documents JSON mode (json_object) and not json_schema; others are learned from their first 400.
    private static readonly string[] JsonObjectHosts = ["api.deepseek.com"];

    // DeepSeek's chat API documents no `n` (one choice comes back), nor does Ollama's OpenAI compatibility; others are learned
    // from a 400 naming it, or from fewer choices than asked.
    private static readonly string[] OneChoiceHosts = ["api.deepseek.com"];

    public static WireOptions For(string? maxTokensParameter, string baseUrl)
    {
        var options = MaxTokensFor(maxTokensParameter, baseUrl);
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri))
        {
            return options;
        }

        if (JsonObjectHosts.Any(h => uri.Host.Equals(h, StringComparison.OrdinalIgnoreCase)))
        {
            options = options with { ResponseFormat = ResponseFormatMode.JsonObject };
        }

        return OneChoiceHosts.Any(h => uri.Host.Equals(h, StringComparison.OrdinalIgnoreCase)) || uri.Port == 11434
            ? options with { Choices = false }
            : options;
    }

    /// <summary>Whether an endpoint on <paramref name="baseUrl"/> is known to take <c>n</c> before it has been asked (an estimate's figure).</summary>
    public static bool TakesChoices(string baseUrl) => For(null, baseUrl).Choices;

    private static WireOptions MaxTokensFor(string? maxTokensParameter, string baseUrl)
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
    /// The dialect to try instead when a 400 says a parameter is not this endpoint's: the token cap's name (see
    /// <see cref="InsteadOfMaxTokens"/>), or <c>response_format</c> (see <see cref="InsteadOfResponseFormat"/>). Null when the
    /// 400 is about something else, or names a parameter the request did not send.
    /// </summary>
    public static WireOptions? Instead(WireOptions sent, ProviderError error, bool sentMaxTokens, bool sentResponseFormat, bool sentChoices = false, bool sentSeed = false) =>
        (sentMaxTokens ? InsteadOfMaxTokens(sent, error) : null) ?? (sentResponseFormat ? InsteadOfResponseFormat(sent, error) : null)
        ?? (sentChoices && sent.Choices && NamesN(error) && (Refused(error) || Contains(error, "at most 1")) ? sent with { Choices = false } : null)
        ?? (sentSeed && sent.Seed && Names(error, "seed") && Refused(error) ? sent with { Seed = false } : null);

    /// <summary>
    /// vLLM and gateways answer an unknown <c>max_completion_tokens</c> with "Unrecognized request argument" or
    /// <c>unknown_parameter</c>; OpenAI's reasoning models refuse <c>max_tokens</c> ("Use 'max_completion_tokens' instead").
    /// </summary>
    public static WireOptions? InsteadOfMaxTokens(WireOptions sent, ProviderError error)
    {
        var sentName = sent.MaxTokensField == MaxTokensField.MaxTokens ? "max_tokens" : "max_completion_tokens";
        if (!Names(error, sentName) || !Refused(error))
        {
            return null;
        }

        return sent with { MaxTokensField = sent.MaxTokensField == MaxTokensField.MaxTokens ? MaxTokensField.MaxCompletionTokens : MaxTokensField.MaxTokens };
    }

    /// <summary>
    /// A refused <c>response_format</c>: when the 400 names <c>json_schema</c> (the type is what is refused, as DeepSeek's
    /// "This response_format type is unavailable now"), JSON mode is tried next; when the parameter itself is unknown, or JSON
    /// mode was refused too, the schema goes as an instruction only. "Invalid schema" (OpenAI's strict mode refusing a
    /// schema outside its subset) names no refusal word, so it stays the row's error rather than a silent downgrade.
    /// </summary>
    public static WireOptions? InsteadOfResponseFormat(WireOptions sent, ProviderError error)
    {
        if (sent.ResponseFormat == ResponseFormatMode.Instruction || !Names(error, "response_format")
            || !(Refused(error) || Contains(error, "unavailable")))
        {
            return null;
        }

        var typeRefused = sent.ResponseFormat == ResponseFormatMode.JsonSchema && Contains(error, "json_schema");
        return sent with { ResponseFormat = typeRefused ? ResponseFormatMode.JsonObject : ResponseFormatMode.Instruction };
    }

    private static bool Names(ProviderError error, string name) =>
        error.Param == name || (error.Param?.StartsWith(name + ".", StringComparison.Ordinal) ?? false)
        || (error.Message?.Contains($"'{name}", StringComparison.Ordinal) ?? false)
        || (error.Message?.Contains($": {name}", StringComparison.Ordinal) ?? false)
        || (error.Message?.Contains($" {name} ", StringComparison.Ordinal) ?? false)
        || (error.Message?.Contains($" {name}.", StringComparison.Ordinal) ?? false);

    // "n" is too short for Names' looser matches ('n would match 'name').
    private static bool NamesN(ProviderError error) =>
        error.Param == "n" || (error.Message is { } m && (m.Contains("'n'", StringComparison.Ordinal) || m.Contains("\"n\"", StringComparison.Ordinal)
            || m.Contains(" n ", StringComparison.Ordinal) || m.Contains(": n", StringComparison.Ordinal)));

    private static bool Refused(ProviderError error) =>
        Contains(error, "unknown") || Contains(error, "unrecognized") || Contains(error, "unsupported") || Contains(error, "not supported")
        || Contains(error, "extra inputs") || Contains(error, "instead");

    private static bool Contains(ProviderError error, string word) =>
        $"{error.Param} {error.Code} {error.Message}".Contains(word, StringComparison.OrdinalIgnoreCase);
}
