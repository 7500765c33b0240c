namespace BatchAi.Simulator;

/// <summary>
/// How the simulator behaves. The server reads these on every request, so tests may change them while it runs.
/// </summary>
public sealed partial class SimulatorOptions
{
    /// <summary>Delay before the first byte of an answer (headers and first chunk).</summary>
    public TimeSpan TimeToFirstToken { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// Each request's time to first token is drawn evenly from <see cref="TimeToFirstToken"/> ± this (the mean stays
    /// <see cref="TimeToFirstToken"/>), as real providers vary; zero (the default) makes every request take the same time.
    /// </summary>
    public TimeSpan TimeToFirstTokenJitter { get; set; }

    /// <summary>Pacing of streamed tokens; 0 = no pacing, send as fast as possible.</summary>
    public double TokensPerSecond { get; set; }

    /// <summary>Fewest generated words after the answer's fixed prefix.</summary>
    public int MinAnswerTokens { get; set; } = 8;

    /// <summary>Most generated words after the answer's fixed prefix.</summary>
    public int MaxAnswerTokens { get; set; } = 40;

    /// <summary>Emit <c>reasoning_content</c> before content (also on when the model name contains "reasoner").</summary>
    public bool Reasoning { get; set; }

    /// <summary>Probability (0..1) that a request without a <c>[[sim:...]]</c> directive gets a random fault from <see cref="FaultKinds"/>.</summary>
    public double FaultRate { get; set; }

    /// <summary>
    /// The faults random injection chooses from, uniformly. By default the passing ones, which a client should retry;
    /// <see cref="SimulatorFault.BadRequest400"/> and <see cref="SimulatorFault.Garbage"/> come only when asked for.
    /// </summary>
    public IReadOnlyList<SimulatorFault> FaultKinds { get; set; } =
        [SimulatorFault.RateLimited429, SimulatorFault.ServerError500, SimulatorFault.Unavailable503, SimulatorFault.StreamCut, SimulatorFault.NeverAnswers];

    /// <summary>Sent with injected 429s as <c>Retry-After</c> (whole seconds, rounded up) and <c>retry-after-ms</c>.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// When set, a random fault is a pure function of (seed, question, attempt number for that question),
    /// so a run is reproducible whatever order concurrent requests arrive in.
    /// </summary>
    public int? Seed { get; set; }

    /// <summary>Optional sliding one-minute limit; requests over it get 429 with <c>Retry-After</c> and <c>x-ratelimit-*</c> headers.</summary>
    public int? RequestsPerMinute { get; set; }

    /// <summary>
    /// Optional limit on requests handled at once: one beyond it gets 429 at once (with
    /// <see cref="RetryAfter"/>), as providers that cap concurrency do. Counted in <see cref="SimulatorStats.RateLimitedRequests"/>.
    /// </summary>
    public int? MaxConcurrentRequests { get; set; }

    /// <summary>When set, requests to <c>/v1/*</c> with another bearer key get 401 with an OpenAI-style error body.</summary>
    public string? RequiredApiKey { get; set; }

    /// <summary>
    /// Count requests per question in <see cref="SimulatorStats.RequestsByQuestion"/>. That map keeps every distinct
    /// question, so a benchmark of a million rows turns it off to measure the daemon's memory rather than the simulator's.
    /// </summary>
    public bool CountByQuestion { get; set; } = true;

    /// <summary>
    /// How many distinct questions the simulated model knows per seed when asked for questions ("Write N new questions ..."):
    /// batches draw from this pool (with repeats and near-repeats), so a question set larger than it cannot be completed.
    /// </summary>
    public int GenerationPoolSize { get; set; } = 5000;

    /// <summary>Clock for every wait the simulator does (TTFT, token pacing, the requests-per-minute window).</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
