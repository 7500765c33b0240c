namespace BatchAi.Daemon.Providers;

/// <summary>What differs between providers' dialects of the same request; the request itself (<c>Prompting/ChatRequest</c>) does not.</summary>
internal sealed record WireOptions(MaxTokensField MaxTokensField = MaxTokensField.MaxCompletionTokens, ResponseFormatMode ResponseFormat = ResponseFormatMode.JsonSchema)
{
    public static WireOptions Default { get; } = new();
}
