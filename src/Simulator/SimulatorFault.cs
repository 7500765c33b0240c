namespace BatchAi.Simulator;

/// <summary>A failure the simulator can inject instead of (or in the middle of) an answer.</summary>
public enum SimulatorFault
{
    /// <summary>HTTP 429 with <c>Retry-After</c> and <c>retry-after-ms</c>.</summary>
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
}
