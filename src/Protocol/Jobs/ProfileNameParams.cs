namespace BatchAi.Protocol.Jobs;

/// <summary>Parameters of <c>deleteProfile</c>.</summary>
/// <param name="Name">The profile's name.</param>
public sealed record ProfileNameParams(string Name);
