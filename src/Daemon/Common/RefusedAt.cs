namespace BatchAi.Daemon.Common;

/// <summary>What a refused request names: the file, the row (as a person counts), the field, the job.</summary>
internal sealed record RefusedAt(string? File = null, long? Row = null, string? Field = null, string? JobId = null);
