using BatchAi.Daemon.Common;
using BatchAi.Daemon.Export;
using BatchAi.Daemon.Generation;
using BatchAi.Protocol.Generation;

namespace BatchAi.Daemon.Jobs;

/// <summary>A <c>generateQuestions</c> request checked field by field, before anything is stored: each error names its field.</summary>
internal static class GenerationRequestValidator
{
    /// <summary>The format of the question set's output: its extension's, JSONL when the request names none. Call after <see cref="Validate"/>.</summary>
    public static string Format(GenerateQuestionsParams p) => p.Output is null ? ExportFormat.Jsonl : QuestionSetExport.FormatOf(p.Output)!;

    public static GenerationSpec Validate(GenerateQuestionsParams? p)
    {
        if (p is null)
        {
            throw Invalid("params", "generateQuestions needs a parameter object with at least seedPrompt, count and provider.");
        }

        if (string.IsNullOrWhiteSpace(p.SeedPrompt))
        {
            throw Invalid("seedPrompt", "seedPrompt is required: what the questions are about.");
        }

        if (p.Count is < 1 or > GenerationSpec.MaxCount)
        {
            throw Invalid("count", $"count must be between 1 and {GenerationSpec.MaxCount:N0} (got {p.Count}).");
        }

        if (p.BatchSize is < 1 or > GenerationSpec.MaxBatchSize)
        {
            throw Invalid("batchSize", $"batchSize must be between 1 and {GenerationSpec.MaxBatchSize} (got {p.BatchSize}).");
        }

        if (p.Similarity is { } s && (double.IsNaN(s) || s <= 0 || s > 1))
        {
            throw Invalid("similarity", $"similarity must be above 0 and at most 1 (got {p.Similarity}); 1 leaves out only questions with the same shingles.");
        }

        if (p.MaxRequests is < 1)
        {
            throw Invalid("maxRequests", $"maxRequests must be at least 1 (got {p.MaxRequests}).");
        }

        if (p.Output is not null && (string.IsNullOrWhiteSpace(p.Output) || QuestionSetExport.FormatOf(p.Output) is null))
        {
            throw Invalid("output", $"output must be a .csv, .jsonl or .xlsx file (got '{p.Output}'): a question set is written as one column, question.");
        }

        var batch = p.BatchSize ?? GenerationSpec.DefaultBatchSize;
        return new GenerationSpec(p.SeedPrompt.Trim(), p.Count, batch, p.Similarity ?? GenerationSpec.DefaultSimilarity,
            p.MaxRequests ?? GenerationSpec.DefaultMaxRequests(p.Count, batch));
    }

    private static RequestRefusedException Invalid(string field, string message) => new(RefusalReason.InvalidField, message, new RefusedAt(Field: field));
}
