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

    /// <summary>TRL's preference JSONL from a judged job: <c>{prompt, chosen, rejected}</c>, each row's best answer against its worst.</summary>
    public const string Preference = "preference";

    /// <summary>OpenAI's preference fine-tuning JSONL: <c>{input: {messages}, preferred_output, non_preferred_output}</c>.</summary>
    public const string OpenAiPreference = "openai-preference";

    public static readonly IReadOnlyList<string> Supported = [Jsonl, Json, Csv, Xlsx, OpenAiChat, Alpaca, ShareGpt, Parquet, HfDataset, Preference, OpenAiPreference];

    /// <summary>Formats that hold only complete answers; the other rows are listed in <see cref="ExcludedPath"/>.</summary>
    public static bool IsTraining(string format) => format is OpenAiChat or Alpaca or ShareGpt;

    /// <summary>Formats of pairs of a row's judged answers, which only a judged job has; the rows without a pair are listed in <see cref="ExcludedPath"/>.</summary>
    public static bool IsPreference(string format) => format is Preference or OpenAiPreference;

    /// <summary>Formats a judge's minimum score filters (both list what they leave out in <see cref="ExcludedPath"/>).</summary>
    public static bool IsFiltered(string format) => IsTraining(format) || IsPreference(format);

    /// <summary>The file's extension for a format: training formats name themselves, e.g. <c>.alpaca.json</c>; an <c>hf-dataset</c> is a folder named <c>NAME.hf-dataset</c>.</summary>
    public static string Extension(string format) => format switch
    {
        OpenAiChat => "openai.jsonl",
        Alpaca => "alpaca.json",
        ShareGpt => "sharegpt.json",
        Preference => "preference.jsonl",
        OpenAiPreference => "openai-preference.jsonl",
        _ => format,
    };

    /// <summary>Where a training export lists the rows it left out: beside it, <c>NAME.excluded.jsonl</c>.</summary>
    public static string ExcludedPath(string path) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".", Path.GetFileNameWithoutExtension(path) + ".excluded.jsonl");

    /// <summary>The format an output path's name implies (<c>.csv</c>, <c>.alpaca.json</c>...), or null.</summary>
    public static string? FromPath(string path)
    {
        var name = Path.GetFileName(path).ToLowerInvariant();
        foreach (var format in new[] { OpenAiPreference, Preference, OpenAiChat, Alpaca, ShareGpt, Jsonl, Json, Csv, Xlsx, Parquet, HfDataset })
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
