using BatchAi.Daemon.Common;
using BatchAi.Daemon.Export;
using BatchAi.Daemon.Ledger;
using BatchAi.Protocol.Jobs;

namespace BatchAi.Daemon.Jobs;

/// <summary>
/// A job's output written from the ledger: at the end of a run into the job's own output, and by <c>exportJob</c> into any
/// format and file, while the job runs or after. Answers for a dataset job, questions for a generate job.
/// </summary>
internal sealed class JobExports(JobLedger ledger)
{
    /// <summary>Writes the job's rows to <paramref name="output"/> as <paramref name="format"/>, after the writer's pending rows are stored.</summary>
    public async Task<long> WriteAsync(string jobId, JobSpec spec, string output, string format, bool keepReasoning, CancellationToken cancellationToken,
        HoldOut? holdOut = null)
    {
        await ledger.Writer.FlushAsync().ConfigureAwait(false);
        if (spec.Generation is not null)
        {
            return await QuestionSetExport.WriteAsync(output, format, ledger.Reader.ReadQuestionsAsync(jobId, cancellationToken), cancellationToken).ConfigureAwait(false);
        }

        // Only the columnar formats need to know before the first row; the others read each row as it comes.
        var kinds = format is ExportFormat.Parquet or ExportFormat.HfDataset
            ? await ledger.Reader.ReadConversationKindsAsync(jobId, cancellationToken).ConfigureAwait(false)
            : null;
        var slots = spec.Slots()?.Count ?? 0;
        return await ExportWriter.WriteAsync(output, format, ledger.Reader.ReadForExportAsync(jobId, cancellationToken, spec.SoleModel(), answers: slots > 0), cancellationToken,
                new ExportContext(spec.SystemPrompt, keepReasoning)
                {
                    Provenance = Provenance(spec), HoldOut = holdOut, Kinds = kinds, AnswerColumns = AnswerColumnsOf(spec), Slots = slots,
                })
            .ConfigureAwait(false);
    }

    /// <summary><c>exportJob</c>: the format and file asked for (by default the job's own), refused with the field or file that is wrong.</summary>
    public async Task<ExportJobResult> ExportAsync(string jobId, JobSpec spec, ExportJobParams p, CancellationToken cancellationToken)
    {
        var (format, output) = Target(spec, p);
        var holdOut = ExportSplitCheck.HoldOut(p.Split, format);
        try
        {
            var keepReasoning = p.Include?.Contains("reasoning", StringComparer.OrdinalIgnoreCase) == true;
            var rows = await WriteAsync(jobId, spec, output, format, keepReasoning, cancellationToken, holdOut).ConfigureAwait(false);
            return new ExportJobResult(output, format, rows);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RequestRefusedException(RefusalReason.OutputError, $"Could not write {output}: {e.Message}", new RefusedAt(File: output, JobId: jobId));
        }
    }

    // The settings a dataset card may show: models and sampling, never where the requests went or with which key.
    private static ExportProvenance Provenance(JobSpec spec) => new(
        spec.AnswerModels(), spec.Temperature, spec.MaxTokens, Path.GetFileName(spec.Input));

    // Another format without an output goes beside the job's own output, never over it.
    private static (string Format, string Output) Target(JobSpec spec, ExportJobParams p)
    {
        var questions = spec.Generation is not null;
        var formats = questions ? QuestionSetExport.Formats : JobRequestValidator.OutputFormats;
        var format = p.Format?.ToLowerInvariant()
            ?? (p.Output is null ? spec.Format : (questions ? QuestionSetExport.FormatOf(p.Output) : ExportFormat.FromPath(p.Output)) ?? ExportFormat.Jsonl);
        if (!formats.Contains(format))
        {
            throw new RequestRefusedException(RefusalReason.InvalidField,
                questions
                    ? $"A question set is exported as {string.Join(", ", formats)} (got '{p.Format}')."
                    : $"format must be one of {string.Join(", ", formats)} (got '{p.Format}').",
                new RefusedAt(Field: "format"));
        }

        return (format, p.Output is not null ? Path.GetFullPath(p.Output)
            : format == spec.Format ? spec.Output
            : questions ? Path.ChangeExtension(spec.Output, format)
            : OutputPath.Default(spec.Input, format));
    }

    // The schema was checked when the job started; its properties are the tabular exports' extra columns.
    private static IReadOnlyList<string>? AnswerColumnsOf(JobSpec spec) =>
        spec.AnswerFormat is { } format ? Structured.AnswerSchema.Parse(format.Schema).Properties : null;
}
