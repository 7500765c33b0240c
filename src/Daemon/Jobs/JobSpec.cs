using BatchAi.Daemon.Prompting;
using BatchAi.Daemon.Scheduling;
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
    IReadOnlyList<EndpointSpec>? Endpoints = null,
    bool DisableCache = false,
    string? Template = null,
    CleaningOptions? Cleaning = null,
    string? Encoding = null,
    string? Delimiter = null,
    bool SkipBadRows = false,
    JobBudget? Budget = null,
    Generation.GenerationSpec? Generation = null,
    string? ImageColumn = null,
    long? MaxImageBytes = null,
    string? Mode = null,
    int Turns = 1,
    UserSimulatorSpec? UserSimulator = null,
    AnswerFormatSpec? AnswerFormat = null,
    int Samples = 1,
    IReadOnlyList<string>? Models = null,
    JudgeOptions? Judge = null,
    BatchOptions? Batch = null)
{
    /// <summary>Whether each row has answer slots of its own (<see cref="AnswerSlots"/>): samples, models or a judge.</summary>
    public bool HasSlots => Samples > 1 || Models is { Count: > 0 } || Judge is not null;

    /// <summary>The row's answer slots (<see cref="AnswerSlots"/>), or null for a plain job.</summary>
    public AnswerSlots? Slots() => HasSlots ? new AnswerSlots(Models is { Count: > 0 } models ? models : [Model], Math.Max(1, Samples), Models is { Count: > 0 }) : null;

    /// <summary>Every model the job's answers come from (priced, budgeted): its <see cref="Models"/> when given, else its endpoints'.</summary>
    public IReadOnlyList<string> AnswerModels() =>
        (Models is { Count: > 0 } models ? models : AllEndpoints().Select(e => e.Model)).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>Whether the daemon sends nothing itself and waits for <c>importResults</c> (<see cref="JobModes.Offline"/>).</summary>
    public bool Offline => Mode == JobModes.Offline;

    /// <summary>Whether the rows go through the provider's Batch API (<see cref="JobModes.Batch"/>).</summary>
    public bool ByBatch => Mode == JobModes.Batch;

    /// <summary>Whether the rows go online while the endpoints have room and the rest by batch (<see cref="JobModes.Auto"/>).</summary>
    public bool Auto => Mode == JobModes.Auto;

    /// <summary>Whether any row may go through the provider's Batch API: a batch or auto job.</summary>
    public bool UsesBatches => ByBatch || Auto;

    public const int DefaultConcurrency = 8;
    public const int MaxConcurrency = 1024;
    public const int MaxTurns = 50;

    /// <summary>Whether each row is a conversation of several assistant turns, the user's written by a simulator.</summary>
    public bool MultiTurn => Turns > 1;

    /// <summary>
    /// The user simulator's own endpoint, or null when the job's pool plays the user (no model or base URL of its own). On the
    /// job's first endpoint's base URL it is that endpoint with another model, so it is sent with that endpoint's key; on
    /// another base URL it has only the key its <c>apiKeyEnv</c> names, never the job's.
    /// </summary>
    public EndpointSpec? UserSimulatorEndpoint() => UserSimulator is { } user
        ? EndpointConfigs.OwnEndpoint(AllEndpoints(), UserSimulatorSpec.EndpointName, user.Model, user.BaseUrl, user.ApiKeyEnv)
        : null;

    /// <summary>The model part of a user simulator request's fingerprint: its own endpoint's model, or the job's.</summary>
    public string UserSimulatorFingerprintModel() => UserSimulatorEndpoint()?.Model ?? FingerprintModel();

    /// <summary>
    /// The model part of a request's fingerprint: the model, or for a pool the set of its models, since any
    /// of them may answer a row. A pool's answers are reused only by jobs asking the same set.
    /// </summary>
    public string FingerprintModel() => string.Join('|', AllEndpoints().Select(e => e.Model).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));

    /// <summary>
    /// The model of every answer when all the job's endpoints send the same one (one endpoint, or a pool of one model's keys or
    /// regions); else null. It names the answers whose model the ledger did not record (answered before schema 8).
    /// </summary>
    public string? SoleModel()
    {
        var models = AnswerModels();
        return models.Count == 1 ? models[0] : null;
    }

    /// <summary>How the job's rows become prompts.</summary>
    public RowPreparation Preparation() => new(Column, Template, Cleaning, SkipBadRows, ImageColumn);

    /// <summary>
    /// The request a stored row is sent as, its local images inlined (read from beside the dataset); throws
    /// <see cref="ImageException"/> for an image that cannot be sent, which fails that row only.
    /// </summary>
    public ChatRequest RowRequest(string question, bool conversation)
    {
        var request = Prompting.RowRequest.Build(question, conversation, SystemPrompt, Temperature, MaxTokens);
        if (AnswerFormat is { } format)
        {
            request = request with { ResponseFormat = format.ToRequest() };
        }

        return conversation
            ? ImageInliner.Inline(request, Path.GetDirectoryName(Path.GetFullPath(Input)) ?? ".", MaxImageBytes ?? ImageInliner.DefaultMaxBytes)
            : request;
    }

    /// <summary>The job's endpoints; a job stored before pools existed has its one provider.</summary>
    public IReadOnlyList<EndpointSpec> AllEndpoints() =>
        Endpoints is { Count: > 0 } endpoints ? endpoints : [new EndpointSpec(EndpointConfigs.DefaultName(0), BaseUrl, Model, ApiKeyEnv, InlineKey)];

    /// <summary>From a request whose profile, if any, is already resolved into endpoints; the first endpoint also fills the single-provider fields.</summary>
    public static JobSpec From(StartJobParams p, string input, string output, string format)
    {
        var endpoints = EndpointConfigs.ToSpecs(EndpointConfigs.Of(p));
        var first = endpoints[0];
        return new(
            input,
            output,
            format,
            first.BaseUrl,
            first.Model,
            first.ApiKeyEnv,
            first.InlineKey,
            p.SystemPrompt,
            p.Temperature,
            p.MaxTokens,
            p.Column,
            p.Concurrency ?? DefaultConcurrency,
            p.Sheet,
            endpoints,
            p.Cache == false,
            p.Template,
            p.Cleaning,
            p.Encoding,
            p.Delimiter,
            p.SkipBadRows ?? false,
            p.Budget,
            ImageColumn: p.ImageColumn,
            MaxImageBytes: p.MaxImageBytes,
            Mode: p.Mode is null or JobModes.Online ? null : p.Mode,
            Turns: p.Turns ?? 1,
            UserSimulator: p.UserSimulator is { } u ? new UserSimulatorSpec(u.Model, u.SystemPrompt, u.BaseUrl, u.ApiKeyEnv) : null,
            AnswerFormat: AnswerFormatSpec.From(p.ResponseFormat),
            Samples: p.Samples ?? 1,
            Models: p.Models is { Count: > 0 } models ? [.. models.Select(m => m.Trim())] : null,
            Judge: p.Judge,
            Batch: p.Batch);
    }
}
