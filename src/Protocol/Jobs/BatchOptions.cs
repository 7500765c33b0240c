namespace BatchAi.Protocol.Jobs;

/// <summary>How a <c>batch</c> or <c>auto</c> job (<see cref="JobModes"/>) uses the provider's Batch API. Every field has a default.</summary>
/// <param name="MaxLines">The most request lines in one file, and so in one batch (default 50,000, OpenAI's limit).</param>
/// <param name="MaxBytes">The largest request file in bytes (default 200 MB, OpenAI's limit).</param>
/// <param name="CompletionWindow">The window the provider is given, as its API spells it (default <c>24h</c>).</param>
/// <param name="Deadline">For <c>auto</c>: when the answers are needed (UTC). When the completion window ends before it, every row goes by batch; otherwise rows go online while the endpoints have room.</param>
/// <param name="PollSeconds">The first wait between two polls of a batch (default 5 s); it grows to at most 5 minutes while nothing changes.</param>
public sealed record BatchOptions(int? MaxLines = null, long? MaxBytes = null, string? CompletionWindow = null, DateTimeOffset? Deadline = null, double? PollSeconds = null);
