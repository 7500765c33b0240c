namespace BatchAi.Simulator;

/// <summary>How the simulator states its request and token limits in response headers (see <see cref="SimulatorOptions.RateLimitHeaders"/>).</summary>
public enum RateLimitHeaderStyle
{
    /// <summary>
    /// OpenAI: <c>x-ratelimit-limit-requests</c> (the number per window), <c>-remaining-requests</c>, <c>-reset-requests</c> as a
    /// Go-style duration ("20ms", "1.5s", "6m0s"), the same for <c>-tokens</c>; <c>Retry-After</c> and <c>retry-after-ms</c> on 429.
    /// </summary>
    OpenAi,

    /// <summary>
    /// Azure OpenAI: only <c>x-ratelimit-remaining-requests</c> and <c>x-ratelimit-remaining-tokens</c> (no limit, no reset);
    /// <c>retry-after-ms</c> and <c>Retry-After</c> on 429. Azure enforces its per-minute quota over 1 s or 10 s windows.
    /// </summary>
    Azure,

    /// <summary>
    /// Anthropic (and gateways copying it): <c>anthropic-ratelimit-requests-limit/-remaining/-reset</c> with the reset as an
    /// RFC 3339 time, the same for <c>-tokens</c>, <c>-input-tokens</c> and <c>-output-tokens</c>; <c>retry-after</c> (seconds) on 429.
    /// </summary>
    Anthropic,

    /// <summary>No rate headers at all, only <c>Retry-After</c> on 429, as vLLM, Ollama and DeepSeek (which send none).</summary>
    None,
}
