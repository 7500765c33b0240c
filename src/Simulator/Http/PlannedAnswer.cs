using BatchAi.Simulator.Text;

namespace BatchAi.Simulator.Http;

/// <summary>Everything one successful answer will send, as token pieces, decided before anything is written.</summary>
internal sealed record PlannedAnswer(IReadOnlyList<string> Reasoning, IReadOnlyList<string> Content, string FinishReason, TokenUsage Usage)
{
    public string ContentText => string.Concat(Content);

    public string? ReasoningText => Reasoning.Count > 0 ? string.Concat(Reasoning) : null;

    public static PlannedAnswer For(ChatRequest request, SimulatorOptions options)
    {
        var reasoning = IsReasoning(request.Model, options) ? TextPieces.Split(AnswerText.Reasoning(request.Question)) : [];
        var content = TextPieces.Split(QuestionListText.Reply(request.Question, options.GenerationPoolSize)
            ?? AnswerText.Answer(request.Question, options.MinAnswerTokens, options.MaxAnswerTokens));
        var finishReason = "stop";
        // The limit cuts the visible answer only; reasoning is not charged against it, so a small limit still shows content.
        if (request.MaxTokens is { } limit && content.Count > Math.Max(0, limit))
        {
            content = content[..Math.Max(0, limit)];
            finishReason = "length";
        }
        var usage = new TokenUsage(request.PromptTokens, reasoning.Count + content.Count, reasoning.Count);
        return new PlannedAnswer(reasoning, content, finishReason, usage);
    }

    private static bool IsReasoning(string model, SimulatorOptions options) =>
        options.Reasoning || model.Contains("reasoner", StringComparison.OrdinalIgnoreCase);
}
