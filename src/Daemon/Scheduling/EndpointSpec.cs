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
    int? MaxConcurrent = null,
    string? MaxTokensParameter = null)
{
    /// <summary>The name of an endpoint the user did not name: <c>endpoint1</c>, <c>endpoint2</c>... by its place in the job.</summary>
    public static string DefaultName(int index) => $"endpoint{index + 1}";
}
