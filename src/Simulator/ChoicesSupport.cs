namespace BatchAi.Simulator;

/// <summary>What the simulated endpoint does with <c>n</c>, several choices from one request (see <see cref="SimulatorOptions.ChoicesSupport"/>).</summary>
public enum ChoicesSupport
{
    /// <summary>n choices, streamed with their <c>index</c>, usage once for all (OpenAI, Azure OpenAI, vLLM): the default.</summary>
    Supported,

    /// <summary>One choice whatever <c>n</c> says, as DeepSeek's chat API (which documents no <c>n</c>) and Ollama's OpenAI compatibility do.</summary>
    Ignored,

    /// <summary><c>n</c> above 1 refused with 400 naming it, as Groq does (<c>'n' : number must be at most 1</c>).</summary>
    Refused,
}
