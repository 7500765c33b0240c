namespace BatchAi.Protocol.Jobs;

/// <summary>Parameters of <c>saveProfile</c>: a named endpoint pool (and defaults) that <c>startJob</c> can use by name. Replaces a profile of the same name.</summary>
/// <param name="Name">The profile's name.</param>
/// <param name="Endpoints">Its endpoints. Keys are refused: give <c>apiKeyEnv</c>, since profiles are stored.</param>
/// <param name="Concurrency">Rows in flight, when the job does not say.</param>
/// <param name="SystemPrompt">The system message, when the job does not say.</param>
/// <param name="Temperature">The temperature, when the job does not say.</param>
/// <param name="MaxTokens">The most tokens per answer, when the job does not say.</param>
public sealed record SaveProfileParams(
    string Name,
    IReadOnlyList<EndpointConfig> Endpoints,
    int? Concurrency = null,
    string? SystemPrompt = null,
    double? Temperature = null,
    int? MaxTokens = null);
