namespace BatchAi.Protocol.Jobs;

/// <summary>One endpoint's live statistics for the job's current (or last) run.</summary>
/// <param name="Name">The endpoint's name.</param>
/// <param name="BaseUrl">Its base URL.</param>
/// <param name="Model">Its model.</param>
/// <param name="Requests">Requests sent (every attempt counts).</param>
/// <param name="Errors">Requests that failed, 429s included.</param>
/// <param name="RateLimited">Requests answered 429.</param>
/// <param name="InFlight">Requests outstanding now.</param>
/// <param name="ConcurrencyLimit">The adaptive concurrency limit now.</param>
/// <param name="Circuit"><c>closed</c> (sending), <c>open</c> (taken out after repeated failures), or <c>halfOpen</c> (a trial request may go).</param>
/// <param name="RequestsPerMinute">The request rate it is held to, configured or learned from the provider's headers; null when unlimited.</param>
/// <param name="TokensPerMinute">The token rate it is held to, configured or learned; null when unlimited.</param>
public sealed record EndpointStatus(
    string Name,
    string BaseUrl,
    string Model,
    long Requests,
    long Errors,
    long RateLimited,
    int InFlight,
    int ConcurrencyLimit,
    string Circuit,
    double? RequestsPerMinute,
    double? TokensPerMinute);
