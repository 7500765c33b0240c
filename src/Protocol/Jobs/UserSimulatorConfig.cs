namespace BatchAi.Protocol.Jobs;

/// <summary>
/// The model that plays the user of a multi-turn job (<see cref="StartJobParams.Turns"/>): after each assistant turn but the
/// last, it is asked for the user's next message. Each field defaults to the job's own.
/// </summary>
/// <param name="Model">Its model (default the job's model, on the job's endpoints).</param>
/// <param name="SystemPrompt">Its system prompt (default a built-in one: write the user's next message, in the conversation's language, and only the message).</param>
/// <param name="BaseUrl">Its provider's OpenAI-compatible base URL (default the job's first endpoint's, with that endpoint's key).</param>
/// <param name="ApiKeyEnv">With another <paramref name="BaseUrl"/>: the environment variable holding its key (without it, no key is sent there; the job's key never is).</param>
public sealed record UserSimulatorConfig(string? Model = null, string? SystemPrompt = null, string? BaseUrl = null, string? ApiKeyEnv = null);
