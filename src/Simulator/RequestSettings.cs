namespace BatchAi.Simulator;

/// <summary>
/// The settings a chat-completion request carried besides its question, as the simulator read them, so a test can check
/// that a client sent what it was asked to (<see cref="SimulatorStats.RequestsBySettings"/>).
/// </summary>
/// <param name="Model">The request's <c>model</c> (<c>sim-small</c> when it had none).</param>
/// <param name="SystemPrompt">The content of its first <c>system</c> message, or null when it had none.</param>
/// <param name="Temperature">Its <c>temperature</c>, or null when it had none.</param>
/// <param name="MaxTokens">Its <c>max_completion_tokens</c>, else its <c>max_tokens</c>, or null when it had neither.</param>
public sealed record RequestSettings(string Model, string? SystemPrompt, double? Temperature, int? MaxTokens);
