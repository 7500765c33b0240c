namespace BatchAi.Protocol.Jobs;

/// <summary>Result of <c>listProfiles</c>: every stored profile, by name.</summary>
/// <param name="Profiles">The profiles, as saved (never a key).</param>
public sealed record ListProfilesResult(IReadOnlyList<SaveProfileParams> Profiles);
