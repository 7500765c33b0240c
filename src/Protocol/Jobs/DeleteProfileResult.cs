namespace BatchAi.Protocol.Jobs;

/// <summary>Result of <c>deleteProfile</c>.</summary>
/// <param name="Deleted">False when there was no profile of that name.</param>
public sealed record DeleteProfileResult(bool Deleted);
