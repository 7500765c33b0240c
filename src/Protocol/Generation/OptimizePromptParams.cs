namespace BatchAi.Protocol.Generation;

/// <summary>Parameters of <c>optimizePrompt</c>.</summary>
/// <param name="Prompt">A system prompt or a seed prompt to make clearer and more specific.</param>
/// <param name="Provider">The model that rewrites it.</param>
/// <param name="Purpose">What the prompt is for, to steer the rewrite: <c>system</c> (default) or <c>seed</c> (a prompt that asks for questions).</param>
public sealed record OptimizePromptParams(string Prompt, Jobs.ProviderConfig Provider, string? Purpose = null);
