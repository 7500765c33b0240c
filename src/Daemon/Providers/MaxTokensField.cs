namespace BatchAi.Daemon.Providers;

/// <summary>How a dialect names the cap on an answer's tokens.</summary>
internal enum MaxTokensField
{
    /// <summary><c>max_completion_tokens</c>: OpenAI's name since reasoning models (it deprecated <c>max_tokens</c>).</summary>
    MaxCompletionTokens,

    /// <summary><c>max_tokens</c>: DeepSeek, Ark and older vLLM read only this name.</summary>
    MaxTokens,
}
