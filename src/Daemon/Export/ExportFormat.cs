using BatchAi.Daemon.Ingest;

namespace BatchAi.Daemon.Export;

/// <summary>The export formats, by the name a user gives (which is also the file extension).</summary>
internal static class ExportFormat
{
    public const string Jsonl = "jsonl";
    public const string Json = "json";
    public const string Csv = "csv";
    public const string Xlsx = "xlsx";

    /// <summary>One Parquet file of every row, as JSONL keeps them, with typed columns.</summary>
    public const string Parquet = "parquet";

    /// <summary>A Hugging Face dataset folder: Parquet shards of the answered rows per split, and a <c>README.md</c> card.</summary>
    public const string HfDataset = "hf-dataset";

    /// <summary>OpenAI chat fine-tuning: JSONL of <c>{"messages":[system?, user, assistant]}</c>.</summary>
    public const string OpenAiChat = "openai-chat";

    /// <summary>Alpaca: a JSON array of <c>{instruction, input, output, system, history}</c>.</summary>
    public const string Alpaca = "alpaca";

    /// <summary>ShareGPT: a JSON array of <c>{"conversations":[{from, value}, ...]}</c>.</summary>
    public const string ShareGpt = "sharegpt";

    public static readonly IReadOnlyList<string> Supported = [Jsonl, Json, Csv, Xlsx, OpenAiChat, Alpaca, ShareGpt, Parquet, HfDataset];

    /// <summary>Formats that hold only complete answers; the other rows are listed in <see cref="ExcludedPath"/>.</summary>
    public static bool IsTraining(string format) => format is OpenAiChat or Alpaca or ShareGpt;

    /// <summary>The file's extension for a format: training formats name themselves, e.g. <c>.alpaca.json</c>; an <c>hf-dataset</c> is a folder named <c>NAME.hf-dataset</c>.</summary>
    public static string Extension(string format) => format switch
    {
        OpenAiChat => "openai.jsonl",
        Alpaca => "alpaca.json",
        ShareGpt => "sharegpt.json",
        _ => format,
    };

    /// <summary>Where a training export lists the rows it left out: beside it, <c>NAME.excluded.jsonl</c>.</summary>
    public static string ExcludedPath(string path) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".", Path.GetFileNameWithoutExtension(path) + ".excluded.jsonl");

    /// <summary>The format an output path's name implies (<c>.csv</c>, <c>.alpaca.json</c>...), or null.</summary>
    public static string? FromPath(string path)
    {
        var name = Path.GetFileName(path).ToLowerInvariant();
        foreach (var format in new[] { OpenAiChat, Alpaca, ShareGpt, Jsonl, Json, Csv, Xlsx, Parquet, HfDataset })
        {
            if (name.EndsWith("." + Extension(format), StringComparison.Ordinal))
            {
                return format;
            }
        }

        return null;
    }

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
