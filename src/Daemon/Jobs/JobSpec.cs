using BatchAi.Protocol.Datasets;
using BatchAi.Protocol.Jobs;

namespace BatchAi.Daemon.Jobs;

/// <summary>
/// A job's settings as stored in the ledger, so that a restarted daemon can resume it. It never
/// holds an API key: only the name of the variable that holds one, or the fact that the key was given inline.
/// </summary>
/// <remarks>Members added later have defaults, so a spec stored by an older daemon still reads (as no template, default cleaning).</remarks>
internal sealed record JobSpec(
    string Input,
    string Output,
    string Format,
    string BaseUrl,
    string Model,
    string? ApiKeyEnv,
    bool InlineKey,
    string? SystemPrompt,
    double? Temperature,
    int? MaxTokens,
    string? Column,
    int Concurrency,
    string? Sheet,
    string? Template = null,
    CleaningOptions? Cleaning = null,
    string? Encoding = null,
    string? Delimiter = null,
    bool SkipBadRows = false)
{
    public const int DefaultConcurrency = 8;
    public const int MaxConcurrency = 1024;

    public static JobSpec From(StartJobParams p, string input, string output, string format) => new(
        input,
        output,
        format,
        p.Provider.BaseUrl,
        p.Provider.Model,
        p.Provider.ApiKeyEnv,
        !string.IsNullOrEmpty(p.Provider.ApiKey),
        p.SystemPrompt,
        p.Temperature,
        p.MaxTokens,
        p.Column,
        p.Concurrency ?? DefaultConcurrency,
        p.Sheet,
        p.Template,
        p.Cleaning,
        p.Encoding,
        p.Delimiter,
        p.SkipBadRows ?? false);
}
