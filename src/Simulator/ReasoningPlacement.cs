namespace BatchAi.Simulator;

/// <summary>Where a reasoning answer's thinking goes (see <see cref="SimulatorOptions.ReasoningPlacement"/>).</summary>
public enum ReasoningPlacement
{
    /// <summary>A <c>reasoning_content</c> field beside <c>content</c>, as DeepSeek, Volcengine Ark and Qwen/DashScope send it.</summary>
    ReasoningContent,

    /// <summary>A <c>reasoning</c> field beside <c>content</c>, as vLLM, Ollama and OpenRouter send it.</summary>
    Reasoning,

    /// <summary>
    /// Inside the content, first: <c>&lt;think&gt;</c>, the reasoning, <c>&lt;/think&gt;</c> and a blank line, then the answer,
    /// as local models served raw do. The usage then counts no reasoning tokens: such a server cannot tell them apart.
    /// </summary>
    ThinkTags,
}
