namespace BatchAi.Daemon.Ingest;

/// <summary>A dataset that cannot be read as asked. The message names the file and, where known, the row (1-based line or row number as a person counts) or the field.</summary>
internal sealed class DatasetException(int code, string message, string? file = null, long? row = null, string? field = null, Exception? inner = null)
    : Exception(message, inner)
{
    public int Code { get; } = code;
    public string? File { get; } = file;
    public long? Row { get; } = row;
    public string? Field { get; } = field;
}
