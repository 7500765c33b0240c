namespace BatchAi.Protocol.Jobs;

/// <summary>Result of <c>clearCache</c>.</summary>
/// <param name="Removed">How many stored answers were removed from the response cache. Jobs keep their own answers.</param>
public sealed record ClearCacheResult(long Removed);
