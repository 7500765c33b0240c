using BatchAi.Daemon.Ingest;

namespace BatchAi.Daemon.Export;

/// <summary>The export formats, by the name a user gives (which is also the file extension).</summary>
internal static class ExportFormat
{
    public const string Jsonl = "jsonl";
    public const string Json = "json";
    public const string Csv = "csv";

    public static readonly IReadOnlyList<string> Supported = [Jsonl, Json, Csv];

    /// <summary>The canonical format name; null or blank means <see cref="Jsonl"/>.</summary>
    public static string Normalize(string? format)
    {
        if (string.IsNullOrWhiteSpace(format))
        {
            return Jsonl;
        }

        var name = format.Trim().TrimStart('.').ToLowerInvariant();
        return Supported.Contains(name)
            ? name
            : throw new DatasetException(DatasetErrorCodes.UnsupportedFormat,
                $"Unsupported export format '{format}'; supported: {string.Join(", ", Supported)}.", field: format);
    }
}
