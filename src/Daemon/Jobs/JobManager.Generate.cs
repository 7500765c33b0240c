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
        var generation = GenerationRequestValidator.Validate(p);
        // The endpoints, keys and shared options resolve as a startJob's do, with the same fields named in errors.
        var asJob = new StartJobParams("(generated)", p.Provider, SystemPrompt: p.SystemPrompt, Temperature: p.Temperature,
            Concurrency: p.Concurrency ?? GenerationSpec.DefaultConcurrency, Endpoints: p.Endpoints, Profile: p.Profile);
        JobRequestValidator.Validate(asJob);
        asJob = _profiles.Apply(asJob);
        var format = GenerationRequestValidator.Format(p);
        var keys = _keys.Resolve(JobSpec.From(asJob, generation.SeedPrompt, "", format), JobKeys.Given(asJob), null, jobId: null);

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
            var runner = NewRunner(record, spec, _pricing.TryLoad());
            _runners[id] = runner;
            Run(runner, keys, source: null);
            _log($"job {id}: generating {generation.Count} questions → {output} with {Describe(spec)}, {spec.Concurrency} requests in flight");
            return new StartJobResult(id, output);
        }
        finally
        {
            _control.Release();
        }
    }
}
