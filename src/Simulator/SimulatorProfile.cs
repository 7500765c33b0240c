namespace BatchAi.Simulator;

/// <summary>
/// Named presets that make the simulator play one provider: its limits and how it states them, its error bodies, its token-cap
/// parameter, where its reasoning goes, and whether it queues. Latency and faults stay whatever the options say, so a test or
/// the benchmark sets those on top (<c>batchai sim --profile NAME</c>). The limits are typical published tiers, not anyone's account.
/// </summary>
public static class SimulatorProfile
{
    /// <summary>Every profile name <see cref="Apply"/> knows.</summary>
    public static IReadOnlyList<string> Names { get; } = ["openai", "openai-o", "azure", "anthropic", "ark", "deepseek", "vllm", "ollama"];

    /// <summary>New options with profile <paramref name="name"/> applied.</summary>
    public static SimulatorOptions Create(string name) => Apply(name, new SimulatorOptions());

    /// <summary>Sets the profile's settings on <paramref name="options"/> (leaving the others) and returns it.</summary>
    /// <exception cref="ArgumentException">The name is none of <see cref="Names"/>.</exception>
    public static SimulatorOptions Apply(string name, SimulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        switch (name.ToLowerInvariant())
        {
            case "openai":
                // Per-minute request and token limits in x-ratelimit-* headers; both token-cap names accepted.
                Limits(options, 5000, TimeSpan.FromMinutes(1), tokens: 4_000_000, RateLimitHeaderStyle.OpenAi);
                break;
            case "openai-o":
                // The o-series reasoning models: as openai, but max_tokens is refused (400 unsupported_parameter).
                Limits(options, 5000, TimeSpan.FromMinutes(1), tokens: 4_000_000, RateLimitHeaderStyle.OpenAi);
                options.MaxTokensParameter = MaxTokensParameter.MaxCompletionTokensOnly;
                break;
            case "azure":
                // A 300 RPM / 50,000 TPM deployment, enforced over 10 s windows (50 requests, 8,333 tokens), stating only what remains.
                Limits(options, 50, TimeSpan.FromSeconds(10), tokens: 8_333, RateLimitHeaderStyle.Azure);
                break;
            case "anthropic":
                // Requests, input and output tokens limited apart, stated in anthropic-ratelimit-* headers with RFC 3339 resets.
                Limits(options, 4000, TimeSpan.FromMinutes(1), tokens: null, RateLimitHeaderStyle.Anthropic);
                options.InputTokensPerWindow = 2_000_000;
                options.OutputTokensPerWindow = 400_000;
                break;
            case "ark":
                // Volcengine Ark: endpoint RPM/TPM, no rate headers, its own 429 bodies; documents max_tokens only; reasoning_content.
                Limits(options, 30_000, TimeSpan.FromMinutes(1), tokens: 5_000_000, RateLimitHeaderStyle.None);
                options.ErrorStyle = ErrorStyle.Ark;
                options.MaxTokensParameter = MaxTokensParameter.MaxTokensIgnoringOther;
                break;
            case "deepseek":
                // DeepSeek: no limit and no headers, keep-alives while a request waits; documents max_tokens only; reasoning_content.
                options.RateLimitHeaders = RateLimitHeaderStyle.None;
                options.KeepAliveInterval = TimeSpan.FromSeconds(1);
                options.MaxTokensParameter = MaxTokensParameter.MaxTokensIgnoringOther;
                break;
            case "vllm":
                // vLLM: no limit, no headers; requests beyond max_num_seqs (256 by default) wait in its queue; older versions refuse
                // max_completion_tokens; reasoning parsers put the thinking in "reasoning".
                Queueing(options, 256, MaxTokensParameter.MaxTokensOnly);
                break;
            case "ollama":
                // Ollama: OLLAMA_NUM_PARALLEL requests at once (4 where memory allows), the rest queued; its OpenAI layer reads
                // max_tokens and its Go decoder drops unknown fields; thinking in "reasoning".
                Queueing(options, 4, MaxTokensParameter.MaxTokensIgnoringOther);
                break;
            default:
                throw new ArgumentException($"Unknown simulator profile '{name}'; known: {string.Join(", ", Names)}.", nameof(name));
        }
        return options;
    }

    private static void Limits(SimulatorOptions options, int requests, TimeSpan window, int? tokens, RateLimitHeaderStyle style)
    {
        options.RequestsPerWindow = requests;
        options.RateLimitWindow = window;
        options.TokensPerWindow = tokens;
        options.RateLimitHeaders = style;
    }

    private static void Queueing(SimulatorOptions options, int capacity, MaxTokensParameter dialect)
    {
        options.QueueCapacity = capacity;
        options.RateLimitHeaders = RateLimitHeaderStyle.None;
        options.MaxTokensParameter = dialect;
        options.ReasoningPlacement = ReasoningPlacement.Reasoning;
    }
}
