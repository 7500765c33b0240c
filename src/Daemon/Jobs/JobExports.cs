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
    /// <param name="minScore">The judge's minimum score for the filtered formats; null for the job's <c>judge.threshold</c>.</param>
    public async Task<long> WriteAsync(string jobId, JobSpec spec, string output, string format, bool keepReasoning, CancellationToken cancellationToken,
        HoldOut? holdOut = null, double? minScore = null, double? margin = null)
    {
        await ledger.Writer.FlushAsync().ConfigureAwait(false);
        if (spec.Generation is not null)
        {
            return await QuestionSetExport.WriteAsync(output, format, ledger.Reader.ReadQuestionsAsync(jobId, cancellationToken), cancellationToken).ConfigureAwait(false);
        }

        // Only the columnar formats need to know before the first row; the others read each row as it comes.
        var kinds = format is ExportFormat.Parquet or ExportFormat.HfDataset || ExportFormat.IsPreference(format)
            ? await ledger.Reader.ReadConversationKindsAsync(jobId, cancellationToken).ConfigureAwait(false)
            : null;
        var slots = spec.Slots()?.Count ?? 0;
        return await ExportWriter.WriteAsync(output, format, ledger.Reader.ReadForExportAsync(jobId, cancellationToken, spec.SoleModel(), answers: slots > 0), cancellationToken,
                new ExportContext(spec.SystemPrompt, keepReasoning)
                {
                    Provenance = Provenance(spec), HoldOut = holdOut, Kinds = kinds, AnswerColumns = AnswerColumnsOf(spec), Slots = slots,
                    MinScore = ExportFormat.IsFiltered(format) ? minScore ?? spec.Judge?.Threshold : null,
                    Margin = margin ?? PreferencePair.DefaultMargin,
                })
            .ConfigureAwait(false);
    }

    /// <summary><c>exportJob</c>: the format and file asked for (by default the job's own), refused with the field or file that is wrong.</summary>
    public async Task<ExportJobResult> ExportAsync(string jobId, JobSpec spec, ExportJobParams p, CancellationToken cancellationToken)
    {
        var (format, output) = Target(spec, p);
        var holdOut = ExportSplitCheck.HoldOut(p.Split, format);
        CheckJudged(spec, p, format);
        try
        {
            var keepReasoning = p.Include?.Contains("reasoning", StringComparer.OrdinalIgnoreCase) == true;
            var rows = await WriteAsync(jobId, spec, output, format, keepReasoning, cancellationToken, holdOut, p.MinScore, p.Margin).ConfigureAwait(false);
            return new ExportJobResult(output, format, rows);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RequestRefusedException(RefusalReason.OutputError, $"Could not write {output}: {e.Message}", new RefusedAt(File: output, JobId: jobId));
        }
    }

    // Scores exist only where a judge gave them, and filter only the formats that list what they leave out.
    private static void CheckJudged(JobSpec spec, ExportJobParams p, string format)
    {
        if (ExportFormat.IsPreference(format) && spec.Judge is null)
        {
            throw Refused("format", $"format {format} pairs a row's judged answers: the job has no judge (start it with judge: {{ rubric }}).");
        }

        if (p.MinScore is { } least)
        {
            if (spec.Judge is null)
            {
                throw Refused("minScore", "minScore keeps answers the judge scored at least this: the job has no judge.");
            }

            if (!ExportFormat.IsFiltered(format))
            {
                throw Refused("minScore", $"minScore filters the training and preference formats, which list what they leave out in NAME.excluded.jsonl (got format {format}).");
            }

            if (double.IsNaN(least) || least < 1 || least > JobJudge.Scale(spec.Judge))
            {
                throw Refused("minScore", $"minScore must be between 1 and the judge's scale, {JobJudge.Scale(spec.Judge)} (got {least}).");
            }
        }

        if (p.Margin is { } margin && (!ExportFormat.IsPreference(format) || double.IsNaN(margin) || margin < 0))
        {
            throw Refused("margin", ExportFormat.IsPreference(format)
                ? $"margin must be 0 or more (got {margin})."
                : $"margin is for the preference and openai-preference formats (got format {format}).");
        }
    }

    private static RequestRefusedException Refused(string field, string message) => new(RefusalReason.InvalidField, message, new RefusedAt(Field: field));

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
