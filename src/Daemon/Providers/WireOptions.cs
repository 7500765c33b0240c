namespace BatchAi.Daemon.Providers;

/// <summary>What differs between providers' dialects of the same request; the request itself (<c>Prompting/ChatRequest</c>) does not.</summary>
/// <param name="Choices">Whether the endpoint takes <c>n</c> (several answers from one request): OpenAI, Azure OpenAI and vLLM do;
/// DeepSeek and Ollama answer one choice whatever it says. Without it a request of several samples is sent as its first sample, and the
/// caller asks the rest one by one.</param>
/// <param name="Seed">Whether the endpoint takes <c>seed</c>, sent for a sample after the first; dropped once a 400 names it.</param>
internal sealed record WireOptions(
    MaxTokensField MaxTokensField = MaxTokensField.MaxCompletionTokens,
    ResponseFormatMode ResponseFormat = ResponseFormatMode.JsonSchema,
    bool Choices = true,
    bool Seed = true)
{
    public static WireOptions Default { get; } = new();
}
