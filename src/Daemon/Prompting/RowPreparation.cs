using BatchAi.Protocol.Datasets;

namespace BatchAi.Daemon.Prompting;

/// <summary>How a row becomes a prompt: the question column or a template over the columns, the cleaning, and whether a bad row is skipped.</summary>
/// <param name="Column">The question column (a name or a 0-based index), or null to find it; unused with a template.</param>
/// <param name="Template">A template over the columns, or null to send the column.</param>
/// <param name="Cleaning">The cleaning rules, or null for the defaults.</param>
/// <param name="ImageColumn">The image column (a name or 0-based index), or null to find one by its name.</param>
/// <param name="SkipBadRows">Whether a row that cannot be prepared (a cell too large) is skipped with its reason, rather than stopping the pass.</param>
internal sealed record RowPreparation(string? Column = null, string? Template = null, CleaningOptions? Cleaning = null, bool SkipBadRows = false, string? ImageColumn = null);
