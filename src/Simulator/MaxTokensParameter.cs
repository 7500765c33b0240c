namespace BatchAi.Simulator;

/// <summary>Which name for the answer's token cap the simulated endpoint understands (see <see cref="SimulatorOptions.MaxTokensParameter"/>).</summary>
public enum MaxTokensParameter
{
    /// <summary>Both: <c>max_completion_tokens</c>, else <c>max_tokens</c>, as OpenAI's chat models accept (the default).</summary>
    Either,

    /// <summary>
    /// Only <c>max_tokens</c>; <c>max_completion_tokens</c> is refused with 400 <c>unknown_parameter</c>, as older vLLM and many
    /// gateways that validate their parameters do.
    /// </summary>
    MaxTokensOnly,

    /// <summary>
    /// Only <c>max_tokens</c>; <c>max_completion_tokens</c> is ignored without a word, so the cap does not hold, as servers that drop
    /// unknown fields do (DeepSeek and Volcengine Ark document only <c>max_tokens</c>; Ollama's Go decoder skips unknown fields).
    /// </summary>
    MaxTokensIgnoringOther,

    /// <summary>
    /// Only <c>max_completion_tokens</c>; <c>max_tokens</c> is refused with 400 <c>unsupported_parameter</c>, as OpenAI's o-series
    /// reasoning models do.
    /// </summary>
    MaxCompletionTokensOnly,
}
