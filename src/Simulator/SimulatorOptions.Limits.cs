namespace BatchAi.Simulator;

/// <summary>The limits a provider enforces and how it tells a client about them.</summary>
public sealed partial class SimulatorOptions
{
    /// <summary>
    /// Optional sliding-window request limit over <see cref="RateLimitWindow"/>: requests over it get 429. When set it takes the
    /// place of <see cref="RequestsPerMinute"/>. Real servers with short windows state this number, per window, in
    /// <c>x-ratelimit-limit-requests</c> (and Azure OpenAI enforces its per-minute quota over 1 s or 10 s windows).
    /// </summary>
    public int? RequestsPerWindow { get; set; }

    /// <summary>The window of <see cref="RequestsPerWindow"/> and of the token limits, 1 s to a minute (one minute by default).</summary>
    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Optional limit on prompt plus completion tokens per <see cref="RateLimitWindow"/> (OpenAI's TPM, Ark's TPM).</summary>
    public int? TokensPerWindow { get; set; }

    /// <summary>Optional limit on prompt tokens per <see cref="RateLimitWindow"/>, apart from output tokens, as Anthropic limits them.</summary>
    public int? InputTokensPerWindow { get; set; }

    /// <summary>Optional limit on completion tokens per <see cref="RateLimitWindow"/>, apart from input tokens, as Anthropic limits them.</summary>
    public int? OutputTokensPerWindow { get; set; }

    /// <summary>How the limits are stated in headers: OpenAI's (the default), Azure's, Anthropic's, or not at all.</summary>
    public RateLimitHeaderStyle RateLimitHeaders { get; set; } = RateLimitHeaderStyle.OpenAi;

    /// <summary>The body of a 429 from the limits above: OpenAI's (the default) or Volcengine Ark's.</summary>
    public ErrorStyle ErrorStyle { get; set; } = ErrorStyle.OpenAi;

    /// <summary>
    /// The quota is spent for the day: every request gets OpenAI's 429 <c>insufficient_quota</c> ("You exceeded your current quota,
    /// please check your plan and billing details."), without <c>Retry-After</c>, as retrying will not help.
    /// </summary>
    public bool QuotaExhausted { get; set; }

    /// <summary>The request limit in force and its window: <see cref="RequestsPerWindow"/>, else <see cref="RequestsPerMinute"/>.</summary>
    internal (int Limit, TimeSpan Window)? RequestLimit =>
        RequestsPerWindow is { } n ? (n, RateLimitWindow) : RequestsPerMinute is { } perMinute ? (perMinute, TimeSpan.FromMinutes(1)) : null;

    internal bool HasLimits => RequestLimit is not null || TokensPerWindow is not null || InputTokensPerWindow is not null || OutputTokensPerWindow is not null;
}
