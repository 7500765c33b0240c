namespace BatchAi.Simulator;

/// <summary>A failure the simulator can inject instead of (or in the middle of) an answer.</summary>
public enum SimulatorFault
{
    /// <summary>
    /// HTTP 429 <c>rate_limit_exceeded</c> with <c>Retry-After</c> and <c>retry-after-ms</c>, while the limit headers (when a limit is
    /// configured) show it far from spent: the isolated 429 OpenAI and Azure OpenAI send under load on their side.
    /// </summary>
    RateLimited429,

    /// <summary>HTTP 500 with an OpenAI-style error body.</summary>
    ServerError500,

    /// <summary>HTTP 503 with an OpenAI-style error body.</summary>
    Unavailable503,

    /// <summary>Sends part of the answer, then aborts the connection without <c>[DONE]</c>.</summary>
    StreamCut,

    /// <summary>Never answers: holds the request until the client gives up or the server stops.</summary>
    NeverAnswers,

    /// <summary>HTTP 400 with an OpenAI-style error body: a request the provider refuses, which retrying cannot fix.</summary>
    BadRequest400,

    /// <summary>HTTP 200 with a body that is not OpenAI's format (an HTML error page from a proxy, say).</summary>
    Garbage,

    /// <summary>
    /// HTTP 429 with Volcengine Ark's <c>ServerOverloaded</c> body (<c>"type":"TooManyRequests"</c>) and <c>Retry-After</c>: Ark refuses
    /// this one request for lack of capacity while others go through; no limit is spent.
    /// </summary>
    ServerOverloaded429,

    /// <summary>HTTP 429 <c>insufficient_quota</c> (OpenAI's shape, no <c>Retry-After</c>): the quota is spent, retrying will not help.</summary>
    QuotaExceeded429,

    /// <summary>Streams the role and a few content chunks (<see cref="SimulatorOptions.DripChunks"/>), then goes silent without closing until the client hangs up.</summary>
    Drip,
}
