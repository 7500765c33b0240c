namespace BatchAi.Daemon.Export;

/// <summary>
/// The settings that wrote a job's answers, for a dataset card: what a reader needs to judge or repeat it, and nothing that
/// reaches a provider (no key, no base URL: it may carry credentials or a private host).
/// </summary>
/// <param name="Models">The job's models, in the order of its endpoints.</param>
/// <param name="Input">The dataset's file name, without its folder.</param>
internal sealed record ExportProvenance(IReadOnlyList<string> Models, double? Temperature, int? MaxTokens, string? Input);
