namespace BatchAi.Daemon.Scheduling;

/// <summary>
/// One endpoint of a job as stored in the ledger (inside the job's spec) and in profiles: never a key,
/// only the variable that holds it or the fact that one was given inline.
/// </summary>
internal sealed record EndpointSpec(
    string Name,
    string BaseUrl,
    string Model,
    string? ApiKeyEnv,
    bool InlineKey,
    double Weight = 1,
    int? RequestsPerMinute = null,
    long? TokensPerMinute = null,
    int? MaxConcurrent = null);
