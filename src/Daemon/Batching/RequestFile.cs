namespace BatchAi.Daemon.Batching;

/// <summary>A request file written: where, how many lines (rows), how many bytes, and the first and last row it holds.</summary>
internal sealed record RequestFile(string Path, int Lines, long Bytes, long FirstRow, long LastRow);
