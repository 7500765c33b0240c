namespace BatchAi.Daemon.Providers;

/// <summary>A complete answer: the text, the reasoning when the model sent one, and what the provider reported.</summary>
/// <param name="Origin">The endpoint that answered, set by the pool that chose it: with retries, the one whose attempt succeeded.</param>
/// <param name="FirstToken">How long the first token (answer or reasoning) took to arrive: what a queue at the provider shows in.</param>
internal sealed record ChatAnswer(string Answer, string? Reasoning, string? FinishReason, int? PromptTokens, int? CompletionTokens,
    AnswerOrigin? Origin = null, TimeSpan? FirstToken = null)
{
    /// <summary>Which choice of its request this is (the provider's <c>index</c>): 0, or with <c>n</c> up to n - 1.</summary>
    public int Choice { get; init; }

    /// <summary>
    /// With <c>n</c>: the request's other complete choices, by index (a choice cut off or never sent is absent). The prompt's tokens
    /// are this answer's (choice 0) only; the completion tokens are each choice's, shared by length when the provider gave one total.
    /// </summary>
    public IReadOnlyList<ChatAnswer> OtherChoices { get; init; } = [];

    /// <summary>This answer and its other choices, each with the origin of the request.</summary>
    public IEnumerable<ChatAnswer> AllChoices => OtherChoices.Count == 0 ? [this] : [this, .. OtherChoices.Select(c => c with { Origin = Origin })];
}
