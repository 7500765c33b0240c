using BatchAi.Protocol.Datasets;

namespace BatchAi.Protocol.Jobs;

/// <summary>Parameters of <c>startJob</c>.</summary>
/// <param name="Input">Path of an .xlsx, .xls, .csv, .tsv, .json or .jsonl file of questions.</param>
/// <param name="Provider">Where to send the questions: one endpoint. Give exactly one of <c>provider</c>, <c>endpoints</c> and <c>profile</c>.</param>
/// <param name="Output">Where to write answers; default next to the input, e.g. <c>questions.answers.jsonl</c>.</param>
/// <param name="Format">Output format: <c>jsonl</c> (default), <c>json</c> or <c>csv</c>.</param>
/// <param name="SystemPrompt">A system message sent before every question.</param>
/// <param name="Temperature">Sampling temperature.</param>
/// <param name="MaxTokens">The most tokens an answer may have.</param>
/// <param name="Column">The question column, by name or 0-based index; default a column named like question/问题/prompt, else the first. Not with <paramref name="Template"/>.</param>
/// <param name="Concurrency">The most rows in flight at once (default 8).</param>
/// <param name="StreamTokens">Subscribes this connection to the job's <c>job/token</c> notifications from its first token.</param>
/// <param name="Sheet">For a spreadsheet: the sheet, by name or 0-based index (default the first).</param>
/// <param name="Endpoints">Several endpoints to share the rows (a pool): each row goes to the one with the most free capacity.</param>
/// <param name="Profile">The name of a profile stored with <c>saveProfile</c>, to use its endpoints and defaults.</param>
/// <param name="Cache">Reuse a stored answer for a request asked before with the same model, messages and parameters, in any job (default true); false asks again.</param>
/// <param name="Template">Builds each prompt from several columns, e.g. <c>{{title}}\n\n{{body}}</c>; a column it names that the file lacks is an error. Not with <paramref name="Column"/>.</param>
/// <param name="Cleaning">Which cleaning rules run on the prompt columns (default: all, with empty and duplicate rows skipped).</param>
/// <param name="Encoding">Text encoding of a CSV/TSV/JSON/JSONL file, e.g. <c>gb18030</c> (default: detected).</param>
/// <param name="Delimiter">CSV field delimiter, one character or <c>tab</c> (default: detected).</param>
/// <param name="SkipBadRows">Store rows that cannot be read (a broken JSONL line, a malformed CSV record, a cell too large) as skipped with the reason, instead of refusing the file.</param>
/// <param name="Budget">The most the job may spend, in tokens or money; reaching it pauses the job, and <c>resumeJob</c> with a higher budget lets it go on.</param>
/// <param name="ImageColumn">The column holding each row's image: a path relative to the dataset, a <c>file:</c> URL or an http(s) URL (a JSON list for several); default a column named image, images, image_path, image_url, img or 图片. A row with an image is sent to the model as a text part and image parts.</param>
/// <param name="MaxImageBytes">The largest local image sent, in bytes (default 20 MB); a larger one fails its row, naming it.</param>
/// <param name="Mode">How the rows are answered: <c>online</c> (default), <c>batch</c>, <c>auto</c> or <c>offline</c> (see <see cref="JobModes"/>).</param>
/// <param name="Turns">Assistant turns per row, 1 to 50 (default 1: one answer). Above 1, a user simulator (<paramref name="UserSimulator"/>) writes the user's next message after each assistant turn but the last, so a seed question or a conversation grows into a conversation of this many assistant turns; each turn is a request of its own, checkpointed in the ledger.</param>
/// <param name="UserSimulator">The model that plays the user when <paramref name="Turns"/> is above 1 (default: the job's own endpoints and model, with a built-in system prompt).</param>
/// <param name="ResponseFormat">Structured answers: a JSON Schema every answer must match, validated here and asked again when it does not.</param>
/// <param name="Batch">For <c>batch</c> and <c>auto</c> modes: file limits, completion window, deadline, polling.</param>
/// <param name="Samples">Answers per row and model, 1 to 16 (default 1). Sent as the provider's <c>n</c> where the endpoint takes it (the prompt is paid once), else as that many requests. Every answer is kept (<see cref="JobRow.Answers"/>).</param>
/// <param name="Models">Each row is answered by every model of this list (each with <paramref name="Samples"/> answers), on the job's endpoints that serve it, else on the job's first endpoint with the model changed. Default: one answer from the pool, as without it.</param>
/// <param name="Judge">Scores each answer with a judge model, as a stage of the job after the answer lands; the score and reason are kept per answer.</param>
/// <remarks>Not sealed: <see cref="EstimateJobParams"/> is these options and a pilot.</remarks>
public record StartJobParams(
    string Input,
    ProviderConfig? Provider,
    string? Output = null,
    string? Format = null,
    string? SystemPrompt = null,
    double? Temperature = null,
    int? MaxTokens = null,
    string? Column = null,
    int? Concurrency = null,
    bool? StreamTokens = null,
    string? Sheet = null,
    IReadOnlyList<EndpointConfig>? Endpoints = null,
    string? Profile = null,
    bool? Cache = null,
    string? Template = null,
    CleaningOptions? Cleaning = null,
    string? Encoding = null,
    string? Delimiter = null,
    bool? SkipBadRows = null,
    JobBudget? Budget = null,
    string? ImageColumn = null,
    long? MaxImageBytes = null,
    string? Mode = null,
    int? Turns = null,
    UserSimulatorConfig? UserSimulator = null,
    ResponseFormatOptions? ResponseFormat = null,
    BatchOptions? Batch = null,
    int? Samples = null,
    IReadOnlyList<string>? Models = null,
    JudgeOptions? Judge = null);
