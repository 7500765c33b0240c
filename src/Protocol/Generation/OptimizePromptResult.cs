namespace BatchAi.Protocol.Generation;

/// <summary>Result of <c>optimizePrompt</c>: a proposal the user accepts or not; nothing is changed by itself.</summary>
/// <param name="Original">The prompt as given.</param>
/// <param name="Prompt">The rewritten prompt.</param>
/// <param name="PromptTokens">Prompt tokens the rewrite cost, as the provider reported.</param>
/// <param name="CompletionTokens">Completion tokens the rewrite cost.</param>
public sealed record OptimizePromptResult(string Original, string Prompt, int? PromptTokens, int? CompletionTokens);
