namespace BatchAi.Protocol.Jobs;

/// <summary>One request file written by <c>exportRequests</c>.</summary>
/// <param name="Path">The file.</param>
/// <param name="Lines">Its lines: one request per row.</param>
/// <param name="Bytes">Its size.</param>
/// <param name="FirstRow">The index of its first row.</param>
/// <param name="LastRow">The index of its last row.</param>
public sealed record RequestFileInfo(string Path, int Lines, long Bytes, long FirstRow, long LastRow);
