namespace BatchAi.Daemon.Ingest;

/// <summary>Opens a dataset file with the reader its extension calls for.</summary>
internal static class DatasetReader
{
    public static readonly IReadOnlyList<string> SupportedExtensions = [".xlsx", ".xls", ".csv", ".tsv", ".json", ".jsonl"];

    public static async Task<DatasetSource> OpenAsync(string path, DatasetReadOptions? options, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        options ??= new DatasetReadOptions();
        if (!File.Exists(path))
        {
            var what = Directory.Exists(path) ? "is a folder, not a file" : "not found";
            throw new DatasetException(DatasetErrorCodes.InputNotFound, $"Input file {what}: {path}", path);
        }

        var extension = System.IO.Path.GetExtension(path).ToLowerInvariant();
        return extension switch
        {
            ".csv" => await CsvDatasetSource.OpenAsync(path, "csv", options, cancellationToken),
            ".tsv" => await CsvDatasetSource.OpenAsync(path, "tsv", options, cancellationToken),
            ".json" => await JsonDatasetSource.OpenAsync(path, options, cancellationToken),
            ".jsonl" => await JsonlDatasetSource.OpenAsync(path, options, cancellationToken),
            ".xlsx" => await ExcelDatasetSource.OpenAsync(path, "xlsx", options, cancellationToken),
            ".xls" => await ExcelDatasetSource.OpenAsync(path, "xls", options, cancellationToken),
            _ => throw new DatasetException(DatasetErrorCodes.UnsupportedFormat,
                $"{path}: unsupported file type '{(extension.Length == 0 ? "(no extension)" : extension)}'; supported: {string.Join(", ", SupportedExtensions)}.",
                path, field: extension),
        };
    }
}
