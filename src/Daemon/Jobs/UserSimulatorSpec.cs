namespace BatchAi.Daemon.Jobs;

/// <summary>A multi-turn job's user simulator as stored with the job's settings: never a key, only the variable that holds one.</summary>
internal sealed record UserSimulatorSpec(string? Model, string? SystemPrompt, string? BaseUrl, string? ApiKeyEnv)
{
    /// <summary>The name of its endpoint on a base URL of its own (for its key and its messages).</summary>
    public const string EndpointName = "user-simulator";
}
