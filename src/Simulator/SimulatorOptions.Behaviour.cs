namespace BatchAi.Simulator;

/// <summary>How a provider behaves under load, in outages and in the request and answer fields it uses.</summary>
public sealed partial class SimulatorOptions
{
    /// <summary>
    /// While a request waits for its first token, send a keep-alive every this long: <c>: keep-alive</c> SSE comments when
    /// streaming, empty lines before the JSON otherwise, as DeepSeek does under load. Null (the default) sends none.
    /// </summary>
    public TimeSpan? KeepAliveInterval { get; set; }

    /// <summary>
    /// A queueing server's batch capacity, as vLLM's <c>max_num_seqs</c> or Ollama's <c>OLLAMA_NUM_PARALLEL</c>: at most this many
    /// requests are answered at once, each taking the usual time to first token and pacing once it has a slot; the rest wait in
    /// arrival order for one, never refused. Throughput stops rising at this many in flight; more only adds latency.
    /// Null (the default): every request is answered at once.
    /// </summary>
    public int? QueueCapacity { get; set; }

    /// <summary>Start an outage when more than this many requests have arrived (counted since start or the last reset).</summary>
    public int? OutageAfterRequests { get; set; }

    /// <summary>Start an outage at this time on <see cref="TimeProvider"/>.</summary>
    public DateTimeOffset? OutageStart { get; set; }

    /// <summary>How long an outage started by <see cref="OutageAfterRequests"/> or <see cref="OutageStart"/> lasts (60 s by default).</summary>
    public TimeSpan OutageDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>What every request gets during an outage: 500 (the default), 502 or 503 with an OpenAI-style error body.</summary>
    public int OutageStatusCode { get; set; } = 500;

    /// <summary>Where reasoning answers put their thinking: <c>reasoning_content</c> (the default), <c>reasoning</c>, or <c>&lt;think&gt;</c> tags.</summary>
    public ReasoningPlacement ReasoningPlacement { get; set; } = ReasoningPlacement.ReasoningContent;

    /// <summary>Which token-cap parameter the endpoint understands; by default both.</summary>
    public MaxTokensParameter MaxTokensParameter { get; set; } = MaxTokensParameter.Either;

    /// <summary>How many content chunks a <see cref="SimulatorFault.Drip"/> stream sends before it goes silent.</summary>
    public int DripChunks { get; set; } = 3;

    /// <summary>Which <c>response_format</c> types the endpoint accepts; by default all.</summary>
    public ResponseFormatSupport ResponseFormatSupport { get; set; } = ResponseFormatSupport.JsonSchema;

    /// <summary>
    /// The share (0 to 1) of questions whose first structured answer does not match the schema, chosen by a stable hash of the
    /// question, so a run is exact and repeatable; their re-asks are answered validly. A question can also ask for it with
    /// <c>[[sim:invalid-json]]</c> (its first answer) or <c>[[sim:invalid-json:N]]</c> (its first N structured answers, counted by the server per question, whatever a re-ask carries). Only OpenAI's
    /// strict mode promises a matching answer; JSON mode and an instruction do not, and this plays those.
    /// </summary>
    public double InvalidJsonRate { get; set; }

    /// <summary>What the endpoint does with <c>n</c>: answers n choices (the default), answers one, or refuses it with 400.</summary>
    public ChoicesSupport ChoicesSupport { get; set; } = ChoicesSupport.Supported;
}
