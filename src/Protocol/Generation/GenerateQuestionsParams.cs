namespace BatchAi.Protocol.Generation;

/// <summary>Parameters of <c>generateQuestions</c>: a question set written from a seed prompt, as a job like any other.</summary>
/// <param name="SeedPrompt">What the questions are about and what they should be like, e.g. "Questions a home cook asks about baking bread".</param>
/// <param name="Count">How many distinct questions to accept, 1 to 100,000.</param>
/// <param name="Provider">Where to ask: one endpoint. Give exactly one of <c>provider</c>, <c>endpoints</c> and <c>profile</c>, as for <c>startJob</c>.</param>
/// <param name="Endpoints">Several endpoints sharing the requests (a pool).</param>
/// <param name="Profile">The name of a profile stored with <c>saveProfile</c>.</param>
/// <param name="SystemPrompt">A system message sent before each request.</param>
/// <param name="Temperature">Sampling temperature, 0 to 2 (default: the provider's; a value near 1 gives more variety).</param>
/// <param name="BatchSize">Questions asked for per request, 1 to 200 (default 20).</param>
/// <param name="Concurrency">Requests in flight at once, 1 to 1024 (default 4).</param>
/// <param name="Output">Where to write the set; <c>.csv</c>, <c>.jsonl</c> or <c>.xlsx</c> picks the format. Default: <c>generated/JOBID.questions.jsonl</c> in the data directory.</param>
/// <param name="Similarity">Near-duplicate threshold, above 0 up to 1 (default 0.7): a question whose character-shingle similarity to an accepted one is at least this is left out.</param>
/// <param name="MaxRequests">The most requests the job makes before it stops with what it has (default: four times the batches the count needs, plus 10).</param>
public sealed record GenerateQuestionsParams(
    string SeedPrompt,
    int Count,
    Jobs.ProviderConfig? Provider = null,
    IReadOnlyList<Jobs.EndpointConfig>? Endpoints = null,
    string? Profile = null,
    string? SystemPrompt = null,
    double? Temperature = null,
    int? BatchSize = null,
    int? Concurrency = null,
    string? Output = null,
    double? Similarity = null,
    int? MaxRequests = null);
