using System.CommandLine;
using BatchAi.Daemon.Jobs;
using BatchAi.Protocol.Datasets;
using BatchAi.Protocol.Jobs;

namespace BatchAi.Daemon.Cli;

/// <summary>
/// The options that describe a job, shared by <c>run</c> and <c>estimate</c> so that an estimate is of exactly the job <c>run</c>
/// would start: flags first, then environment variables, then the config file's profile.
/// </summary>
internal sealed class JobOptions
{
    public Option<string?> Model { get; } = new("--model", "-m") { Description = "Model (or Ark endpoint id) to ask." };

    public Option<string?> BaseUrl { get; } = new("--base-url") { Description = $"OpenAI-compatible API base URL (default {RunCommand.DefaultBaseUrl})." };

    public Option<string?> ApiKey { get; } = new("--api-key") { Description = "API key (else $OPENAI_API_KEY, else $ARK_API_KEY). Never stored." };

    public Option<string?> Output { get; } = new("--output", "-o") { Description = "Output file (default next to the input: NAME.answers.jsonl)." };

    public Option<string?> Format { get; } = new("--format", "-f")
    {
        Description = "jsonl (default), json, csv, xlsx, parquet, openai-chat, alpaca, sharegpt, hf-dataset, or with --judge preference or openai-preference (default: the output's extension, else jsonl).",
    };

    public Option<int?> Concurrency { get; } = new("--concurrency", "-c") { Description = $"Rows in flight at once (default {JobSpec.DefaultConcurrency})." };

    public Option<string?> SystemPrompt { get; } = new("--system-prompt") { Description = "A system message sent before every question." };

    public Option<double?> Temperature { get; } = new("--temperature") { Description = "Sampling temperature." };

    public Option<int?> MaxTokens { get; } = new("--max-tokens") { Description = "The most tokens an answer may have." };

    public Option<string?> Column { get; } = new("--column") { Description = "Question column, by name or 0-based index." };

    public Option<string?> Sheet { get; } = new("--sheet") { Description = "Spreadsheet sheet, by name or 0-based index." };

    public Option<bool> NoCache { get; } = new("--no-cache") { Description = "Ask again even for questions answered before with the same model and settings." };

    public Option<string?> Template { get; } = new("--template") { Description = "Build each prompt from columns instead, e.g. \"{{title}}: {{body}}\"." };

    public Option<string?> Encoding { get; } = new("--encoding") { Description = "Text encoding of a CSV/TSV/JSON file (default detected), e.g. gb18030." };

    public Option<string?> Delimiter { get; } = new("--delimiter") { Description = "CSV delimiter, one character or 'tab' (default detected)." };

    public Option<bool> SkipBadRows { get; } = new("--skip-bad-rows") { Description = "Skip rows that cannot be read instead of refusing the file." };

    public Option<bool> NoClean { get; } = new("--no-clean") { Description = "Send the text as the file has it: no cleaning rule, no duplicate skipped." };

    public Option<string?> ImageColumn { get; } = new("--image-column")
    {
        Description = "Column of each row's image: a path relative to the dataset, a file: or http(s) URL (default a column named image, img, 图片...).",
    };

    public Option<long?> MaxImageBytes { get; } = new("--max-image-bytes") { Description = "Largest local image sent, in bytes (default 20 MB); a larger one fails its row." };

    public Option<string?> Mode { get; } = new("--mode")
    {
        Description = "online (default: each row sent as a request), batch (the provider's Batch API: request files uploaded, one batch each, half price, answers within the completion window), auto (online while the endpoint's limits have room, the rest by batch; all by batch when --deadline allows the completion window) or offline (nothing sent: export-requests writes batch files for your own runner, import-results folds its output back).",
    };

    public Option<int?> BatchMaxLines { get; } = new("--batch-max-lines") { Description = "With --mode batch or auto: the most rows in one request file and batch (default 50,000, OpenAI's limit)." };

    public Option<long?> BatchMaxBytes { get; } = new("--batch-max-bytes") { Description = "With --mode batch or auto: the largest request file in bytes (default 200 MB, OpenAI's limit)." };

    public Option<string?> CompletionWindow { get; } = new("--completion-window") { Description = "With --mode batch or auto: the window the provider is given, as its API spells it (default 24h)." };

    public Option<DateTimeOffset?> Deadline { get; } = DeadlineOption.Create();

    public Option<double?> BatchPollSeconds { get; } = new("--batch-poll-seconds") { Description = "With --mode batch or auto: the first wait between polls of a batch (default 5); it grows to 5 minutes while nothing changes." };

    public Option<int?> Turns { get; } = new("--turns")
    {
        Description = "Assistant turns per row, 1 to 50 (default 1); above 1 a model plays the user between them, and each row becomes a conversation.",
    };

    public Option<string?> UserModel { get; } = new("--user-model") { Description = "The model that plays the user with --turns (default the job's)." };

    public Option<string?> UserSystemPrompt { get; } = new("--user-system-prompt")
    {
        Description = "The system prompt of the model that plays the user with --turns (default a built-in one).",
    };

    public Option<string?> Profile { get; } = new("--profile", "-p")
    {
        Description = $"A profile of the config file ({CliConfig.FilePath()}) for the options not given (else ${CliConfig.ProfileVariable}, else the file's defaultProfile).",
    };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Model, BaseUrl, ApiKey, Output, Format, Concurrency, SystemPrompt, Temperature, MaxTokens, Column, Sheet, Template, Encoding, Delimiter, SkipBadRows, NoClean, NoCache, ImageColumn, MaxImageBytes, Turns, UserModel, UserSystemPrompt, Mode, BatchMaxLines, BatchMaxBytes, CompletionWindow, Deadline, BatchPollSeconds, Profile })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The config file's profile and <c>BATCHAI_CONCURRENCY</c>; null after printing why they cannot be used.</summary>
    public Defaults? LoadDefaults(ParseResult parse, string verb, bool fromConfig = true) => LoadDefaults(parse.GetValue(Profile), verb, fromConfig);

    /// <summary>The profile <paramref name="profileName"/> (else the one the environment or the file names) and <c>BATCHAI_CONCURRENCY</c>; null after printing why they cannot be used.</summary>
    public static Defaults? LoadDefaults(string? profileName, string verb, bool fromConfig = true)
    {
        CliProfile profile;
        try
        {
            profile = fromConfig ? CliConfig.Load(CliConfig.FilePath()).Pick(profileName) ?? new CliProfile() : new CliProfile();
        }
        catch (FormatException e)
        {
            Console.Error.WriteLine($"batchai {verb}: {e.Message}");
            return null;
        }

        int? concurrency = null;
        if (Environment.GetEnvironmentVariable(CliConfig.ConcurrencyVariable) is { Length: > 0 } text)
        {
            if (!int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var parsed) || parsed < 1)
            {
                Console.Error.WriteLine($"batchai {verb}: ${CliConfig.ConcurrencyVariable} must be a positive whole number, not '{text}'.");
                return null;
            }

            concurrency = parsed;
        }

        return new Defaults(profile, concurrency);
    }

    /// <summary>The provider from flags, environment and profile; null after printing what is missing.</summary>
    public ProviderConfig? Provider(ParseResult parse, Defaults defaults, string verb) => RunCommand.Provider(
        parse.GetValue(BaseUrl) ?? NonEmpty(Environment.GetEnvironmentVariable(CliConfig.BaseUrlVariable)) ?? defaults.Profile.BaseUrl,
        parse.GetValue(Model) ?? NonEmpty(Environment.GetEnvironmentVariable(CliConfig.ModelVariable)) ?? defaults.Profile.Model,
        parse.GetValue(ApiKey),
        defaults.Profile.ApiKeyEnv,
        verb);

    /// <summary>The job's options as the protocol takes them; paths full, since a daemon on the pipe has its own working directory.</summary>
    public StartJobParams Request(ParseResult parse, string input, ProviderConfig provider, string? output, Defaults defaults) =>
        Answering(input, provider, output, defaults, parse.GetValue(Format), parse.GetValue(SystemPrompt), parse.GetValue(Temperature), parse.GetValue(MaxTokens),
            parse.GetValue(Concurrency)) with
        {
            Column = parse.GetValue(Column), Sheet = parse.GetValue(Sheet),
            Template = parse.GetValue(Template), Cleaning = parse.GetValue(NoClean) ? CleaningOptions.None : null,
            Encoding = parse.GetValue(Encoding), Delimiter = parse.GetValue(Delimiter), SkipBadRows = parse.GetValue(SkipBadRows),
            Cache = parse.GetValue(NoCache) ? false : null,
            ImageColumn = parse.GetValue(ImageColumn), MaxImageBytes = parse.GetValue(MaxImageBytes),
            Mode = parse.GetValue(Mode),
            Batch = parse.GetValue(BatchMaxLines) is null && parse.GetValue(BatchMaxBytes) is null && parse.GetValue(CompletionWindow) is null
                && parse.GetValue(BatchPollSeconds) is null && parse.GetValue(Deadline) is null
                ? null
                : new BatchOptions(parse.GetValue(BatchMaxLines), parse.GetValue(BatchMaxBytes), parse.GetValue(CompletionWindow), parse.GetValue(Deadline),
                    parse.GetValue(BatchPollSeconds)),
            Turns = parse.GetValue(Turns),
            UserSimulator = parse.GetValue(UserModel) is null && parse.GetValue(UserSystemPrompt) is null
                ? null
                : new UserSimulatorConfig(parse.GetValue(UserModel), parse.GetValue(UserSystemPrompt)),
        };

    /// <summary>
    /// How every job that answers questions takes its answer settings, <c>run</c>'s and the one <c>generate --then-run</c> starts:
    /// each as given, else the profile's; the concurrency as given, else <c>BATCHAI_CONCURRENCY</c>, else the profile's.
    /// </summary>
    public static StartJobParams Answering(string input, ProviderConfig provider, string? output, Defaults defaults,
        string? format, string? systemPrompt, double? temperature, int? maxTokens, int? concurrency) => new(
        input, provider, output, format ?? defaults.Profile.Format,
        systemPrompt ?? defaults.Profile.SystemPrompt, temperature ?? defaults.Profile.Temperature, maxTokens ?? defaults.Profile.MaxTokens,
        Concurrency: concurrency ?? defaults.Concurrency ?? defaults.Profile.Concurrency);

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    /// <summary>What the environment and the config file give when a flag does not.</summary>
    internal sealed record Defaults(CliProfile Profile, int? Concurrency);
}
