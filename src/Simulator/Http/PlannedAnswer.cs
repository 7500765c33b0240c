using BatchAi.Simulator.Text;

namespace BatchAi.Simulator.Http;

/// <summary>Everything one successful answer will send, as token pieces, decided before anything is written.</summary>
/// <param name="ReasoningField">The field the reasoning pieces go in: <c>reasoning_content</c> or <c>reasoning</c>.</param>
internal sealed record PlannedAnswer(IReadOnlyList<string> Reasoning, IReadOnlyList<string> Content, string FinishReason, TokenUsage Usage, string ReasoningField = "reasoning_content")
{
    public string ContentText => string.Concat(Content);

    public string? ReasoningText => Reasoning.Count > 0 ? string.Concat(Reasoning) : null;

    /// <summary>The usage of a request answering <paramref name="choices"/>: the prompt once, the completions of all.</summary>
    public static TokenUsage UsageOf(IReadOnlyList<PlannedAnswer> choices) =>
        new(choices[0].Usage.PromptTokens, choices.Sum(c => c.Usage.CompletionTokens), choices.Sum(c => c.Usage.ReasoningTokens));

    /// <summary>The answers to a request: one per choice it asked for where the endpoint takes <c>n</c>, choice i being draw seed + i.</summary>
    public static IReadOnlyList<PlannedAnswer> ForChoices(ChatRequest request, SimulatorOptions options)
    {
        var choices = options.ChoicesSupport == ChoicesSupport.Supported ? request.Choices : 1;
        var first = request.Seed ?? 0;
        return [.. Enumerable.Range(0, choices).Select(i => For(request, options, first + i))];
    }

    /// <param name="sample">The draw (see <see cref="AnswerText.Answer"/>).</param>
    public static PlannedAnswer For(ChatRequest request, SimulatorOptions options, int sample = 0)
    {
        var reasoning = IsReasoning(request.Model, options) ? TextPieces.Split(AnswerText.Reasoning(request.Question)) : [];
        // A judge's request carries a schema too (its verdict's): known by its prompt, it gets a verdict, not a schema's sample.
        var content = TextPieces.Split(JudgeText.Reply(request.SystemPrompt, request.FirstQuestion) ?? (request.JsonSchema is { } schema
            ? SchemaAnswer.Write(schema, request.FirstQuestion, SchemaAnswer.Invalid(request.FirstQuestion, request.PriorAnswers, options.InvalidJsonRate))
            : UserSimulatorText.Reply(request.SystemPrompt, request.AssistantMessages, request.FirstAssistant)
                ?? QuestionListText.Reply(request.Question, options.GenerationPoolSize)
                ?? AnswerText.Answer(request.Question, options.MinAnswerTokens, options.MaxAnswerTokens, sample)));
        var finishReason = "stop";
        // The limit cuts the visible answer only; reasoning is not charged against it, so a small limit still shows content.
        if (request.EffectiveMaxTokens(options.MaxTokensParameter) is { } limit && content.Count > Math.Max(0, limit))
        {
            content = content[..Math.Max(0, limit)];
            finishReason = "length";
        }
        switch (options.ReasoningPlacement)
        {
            case ReasoningPlacement.ThinkTags when reasoning.Count > 0:
                // A local model served raw: the thinking is text like the rest, so no reasoning tokens are told apart.
                List<string> tagged = ["<think>", .. reasoning, "</think>\n\n", .. content];
                return new PlannedAnswer([], tagged, finishReason, new TokenUsage(request.PromptTokens, tagged.Count, 0));
            case ReasoningPlacement.Reasoning:
                return new PlannedAnswer(reasoning, content, finishReason, UsageOf(request, reasoning, content), "reasoning");
            default:
                return new PlannedAnswer(reasoning, content, finishReason, UsageOf(request, reasoning, content));
        }
    }

    private static TokenUsage UsageOf(ChatRequest request, IReadOnlyList<string> reasoning, IReadOnlyList<string> content) =>
        new(request.PromptTokens, reasoning.Count + content.Count, reasoning.Count);

    private static bool IsReasoning(string model, SimulatorOptions options) =>
        options.Reasoning || model.Contains("reasoner", StringComparison.OrdinalIgnoreCase);
}
