namespace BatchAi.Daemon.Providers;

/// <summary>One choice's part of a streamed event beyond its first (see <see cref="StreamChunk.Others"/>).</summary>
internal readonly record struct ChoiceDelta(int Index, string? Content, string? Reasoning, string? FinishReason);
