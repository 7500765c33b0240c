using System.Text.Json;
using BatchAi.Daemon.Export;
using BatchAi.Daemon.Generation;
using BatchAi.Daemon.Ledger;
using BatchAi.Protocol.Generation;
using BatchAi.Protocol.Jobs;
using BatchAi.Daemon.Common;

namespace BatchAi.Daemon.Jobs;

/// <summary><c>generateQuestions</c>: a question set written from a seed prompt, as a job like any other (paused, resumed, cancelled, listed, checkpointed).</summary>
internal sealed partial class JobManager
{
    /// <summary>Where question sets go when the request names no output: <c>generated/</c> in the data directory.</summary>
    public const string GeneratedFolder = "generated";

    public async Task<StartJobResult> GenerateAsync(GenerateQuestionsParams p, CancellationToken cancellationToken)
    {
        ThrowIfStopping();
        var generation = ValidateGeneration(p);
        // The endpoints, keys and shared options resolve as a startJob's do, with the same fields named in errors.
        var asJob = new StartJobParams("(generated)", p.Provider, SystemPrompt: p.SystemPrompt, Temperature: p.Temperature,
            Concurrency: p.Concurrency ?? GenerationSpec.DefaultConcurrency, Endpoints: p.Endpoints, Profile: p.Profile);
        JobRequestValidator.Validate(asJob);
        asJob = WithProfile(asJob);
        var format = p.Output is null ? ExportFormat.Jsonl : QuestionSetExport.FormatOf(p.Output)!;
        var keys = ResolveKeys(JobSpec.From(asJob, generation.SeedPrompt, "", format), GivenKeys(asJob), null, jobId: null);

        await _control.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var id = NewJobId();
            var output = p.Output is null
                ? Path.Combine(Path.GetDirectoryName(_ledger.Path)!, GeneratedFolder, $"{id}.questions.jsonl")
                : Path.GetFullPath(p.Output);
            var spec = JobSpec.From(asJob, generation.SeedPrompt, output, format) with { Generation = generation, DisableCache = true };
            var record = new JobRecord(id, StoredJobState.Queued, spec.Input, output, format, spec.Model, spec.BaseUrl,
                JsonSerializer.Serialize(spec), generation.Count, true, _settings.Time.GetUtcNow(), null, null, null);
            await _ledger.InsertJobAsync(record).ConfigureAwait(false);
            await _ledger.InsertRowsAsync(id, [], generation.Count, totalKnown: true).ConfigureAwait(false);
            KeepInlineKeys(id, spec, keys);
            var runner = NewRunner(record, spec, TryLoadPrices());
            _runners[id] = runner;
            runner.Start(CreateChat(spec, keys), source: null);
            _log($"job {id}: generating {generation.Count} questions → {output} with {Describe(spec)}, {spec.Concurrency} requests in flight");
            return new StartJobResult(id, output);
        }
        finally
        {
            _control.Release();
        }
    }

    /// <summary>A generate job's questions written again (any time, also while it runs): csv, jsonl or xlsx, default the job's own output.</summary>
    private async Task<ExportJobResult> ExportQuestionsAsync(JobRunner runner, ExportJobParams p, CancellationToken cancellationToken)
    {
        var format = p.Format?.ToLowerInvariant() ?? (p.Output is null ? runner.Spec.Format : QuestionSetExport.FormatOf(p.Output) ?? ExportFormat.Jsonl);
        if (!QuestionSetExport.Formats.Contains(format))
        {
            throw Invalid("format", $"A question set is exported as {string.Join(", ", QuestionSetExport.Formats)} (got '{p.Format}').");
        }

        var output = p.Output is not null ? Path.GetFullPath(p.Output)
            : format == runner.Spec.Format ? runner.Spec.Output
            : Path.ChangeExtension(runner.Spec.Output, format);
        await _ledger.Writer.FlushAsync().ConfigureAwait(false);
        try
        {
            var rows = await QuestionSetExport.WriteAsync(output, format, _ledger.Reader.ReadQuestionsAsync(runner.Id, cancellationToken), cancellationToken)
                .ConfigureAwait(false);
            return new ExportJobResult(output, format, rows);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RequestRefusedException(RefusalReason.OutputError, $"Could not write {output}: {e.Message}", new RefusedAt(File: output, JobId: runner.Id));
        }
    }

    private static GenerationSpec ValidateGeneration(GenerateQuestionsParams? p)
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
