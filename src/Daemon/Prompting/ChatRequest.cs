namespace BatchAi.Daemon.Prompting;

/// <summary>
/// One request as the answer depends on it, in no provider's dialect: its messages and sampling parameters. The
/// fingerprint (<see cref="RequestFingerprint"/>) and the wire body (<c>Providers/ChatRequestBody</c>) are both written
/// from it, so what is cached and what is sent cannot differ. A new field (response format, samples) is a property here,
/// hashed by <see cref="RequestFingerprint"/> and written by the wire body; a test fails until both do.
/// </summary>
/// <remarks>
/// The model is not a field: a pool sends each attempt with the model of the endpoint that takes it, and hashes the set of
/// its models (<c>JobSpec.FingerprintModel</c>), so both writers take it beside the request.
/// </remarks>
internal sealed record ChatRequest
{
    public ChatRequest(IReadOnlyList<ChatMessage> messages, double? temperature = null, int? maxTokens = null)
    {
        Messages = messages;
        Temperature = temperature;
        MaxTokens = maxTokens;
    }

    /// <summary>A row's request: the system prompt (left out when blank), then the question.</summary>
    public ChatRequest(string question, string? systemPrompt, double? temperature, int? maxTokens)
        : this(string.IsNullOrWhiteSpace(systemPrompt)
            ? [new ChatMessage(ChatRole.User, question)]
            : [new ChatMessage(ChatRole.System, systemPrompt), new ChatMessage(ChatRole.User, question)], temperature, maxTokens)
    {
    }

    public IReadOnlyList<ChatMessage> Messages { get; init; }

    public double? Temperature { get; init; }

    /// <summary>The cap on the answer's tokens; each dialect names it its own way on the wire.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>The JSON Schema the answer must match, or null for a free answer (null keeps today's fingerprints).</summary>
    public ResponseFormat? ResponseFormat { get; init; }

    /// <summary>
    /// Which sample of a row's answers this request asks for, from 0 (a job's <c>samples</c>): hashed by
    /// <see cref="RequestFingerprint"/> when above 0, so each sample has its own cached answer and sample 0 is the plain request,
    /// and sent as the provider's <c>seed</c>, so sample k asked alone is the k-th of the draws.
    /// </summary>
    /// <remarks>
    /// Get-only, set by <see cref="ForSamples"/>: a request that is not a sample's keeps every field it had, and hashes and is
    /// sent as before. Tests/Prompting/SampleFingerprintTests holds it to changing the fingerprint.
    /// </remarks>
    public int Sample { get; }

    /// <summary>
    /// How many answers the one request asks for (the provider's <c>n</c>), samples <see cref="Sample"/> onwards, choice i being
    /// sample <see cref="Sample"/> + i. How to send, not what to answer: each choice is stored under its own sample's fingerprint.
    /// </summary>
    public int Choices { get; } = 1;

    /// <summary>This request as <paramref name="count"/> samples from <paramref name="first"/> on (one request; <c>n</c> when more than one).</summary>
    public ChatRequest ForSamples(int first, int count = 1) => new(this, first, count);

    private ChatRequest(ChatRequest original, int first, int count)
        : this(original)
    {
        Sample = first;
        Choices = count;
    }

    /// <summary>The characters of all messages: a size hint for the writers' buffers.</summary>
    public int Length => Messages.Sum(m => m.Content.Length + (m.Parts?.Sum(p => p.ImageUrl?.Length ?? 0) ?? 0)) + ((ResponseFormat?.Schema.Length ?? 0) * 2);
}
