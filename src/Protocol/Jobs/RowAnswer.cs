namespace BatchAi.Protocol.Jobs;

/// <summary>One answer of a row that has several (<see cref="StartJobParams.Samples"/>, <see cref="StartJobParams.Models"/>) or is judged (<see cref="StartJobParams.Judge"/>).</summary>
/// <param name="Slot">The answer's place in the row, from 0: models in the order given, each model's samples in turn.</param>
/// <param name="Model">The model asked for it.</param>
/// <param name="Sample">Which sample of that model, from 0.</param>
/// <param name="State"><c>pending</c>, <c>done</c> or <c>failed</c> (as <see cref="RowStates"/>).</param>
/// <param name="Answer">The answer, once done.</param>
/// <param name="Reasoning">The model's reasoning, when it sent any.</param>
/// <param name="FinishReason">The provider's finish reason.</param>
/// <param name="PromptTokens">Prompt tokens charged to this answer (with the provider's <c>n</c>, the prompt is charged to sample 0 only).</param>
/// <param name="CompletionTokens">Completion tokens of this answer.</param>
/// <param name="Error">Why it failed.</param>
/// <param name="Score">The judge's score, 1 to the scale; null until judged, or without a judge.</param>
/// <param name="ScoreReason">The judge's reason for the score.</param>
public sealed record RowAnswer(
    int Slot,
    string Model,
    int Sample,
    string State,
    string? Answer,
    string? Reasoning = null,
    string? FinishReason = null,
    int? PromptTokens = null,
    int? CompletionTokens = null,
    string? Error = null,
    double? Score = null,
    string? ScoreReason = null);
