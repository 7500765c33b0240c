using BatchAi.Daemon.Scheduling;
using BatchAi.Protocol.Jobs;
using BatchAi.Daemon.Common;

namespace BatchAi.Daemon.Jobs;

/// <summary>The job manager's side of the endpoint pool: building it, finding each endpoint's key, and sending failed rows again.</summary>
internal sealed partial class JobManager
{
    /// <summary>Sends a job's failed rows again; works on completed, paused, failed and interrupted jobs. The output is rewritten when the run ends.</summary>
    public async Task<JobInfo> RetryFailedAsync(string jobId, string? apiKey, IReadOnlyDictionary<string, string>? apiKeys, JobBudget? budget = null)
    {
        ThrowIfStopping();
        var runner = Runner(jobId);
        await _control.WaitAsync().ConfigureAwait(false);
        try
        {
            if (runner.IsRunning || runner.State is JobState.Cancelled)
            {
                throw InvalidState(runner, "retry the failed rows of");
            }

            var keys = ResolveKeys(runner.Spec, apiKeys, apiKey, jobId);
            await PrepareBudgetAsync(runner, budget).ConfigureAwait(false);
            var rows = await _ledger.RetryFailedAsync(jobId).ConfigureAwait(false);
            if (rows == 0)
            {
                return runner.Describe();
            }

            KeepInlineKeys(jobId, runner.Spec, keys);
            runner.Start(CreateChat(runner.Spec, keys), source: null);
            _log($"job {jobId}: sending {rows} failed row(s) again");
            return runner.Describe();
        }
        finally
        {
            _control.Release();
        }
    }

    private PooledChat CreateChat(JobSpec spec, IReadOnlyDictionary<string, string?> keys) =>
        EndpointPoolFactory.Create(spec.AllEndpoints(), spec.Concurrency, keys, _settings.Retry, _settings.Pool, _settings.Time);

    /// <summary>
    /// Each endpoint's key: given now (by endpoint name, or the one <paramref name="apiKey"/>), kept
    /// from when it was given, or read from its variable. An endpoint that had an inline key before
    /// the daemon restarted needs it again.
    /// </summary>
    private Dictionary<string, string?> ResolveKeys(JobSpec spec, IReadOnlyDictionary<string, string>? given, string? apiKey, string? jobId)
    {
        var endpoints = spec.AllEndpoints();
        var keys = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var e in endpoints)
        {
            string? key = null;
            if (given is not null && given.TryGetValue(e.Name, out var named) && !string.IsNullOrEmpty(named))
            {
                key = named;
            }
            else if (!string.IsNullOrEmpty(apiKey) && (e.InlineKey || endpoints.Count == 1))
            {
                key = apiKey;
            }
            else if (jobId is not null && _inlineKeys.TryGetValue($"{jobId}/{e.Name}", out var kept))
            {
                key = kept;
            }
            else if (e.ApiKeyEnv is { Length: > 0 } variable)
            {
                key = KeyVariable.Read(_settings.Environment, variable, Field(spec, e, "apiKeyEnv"), jobId);
            }
            else if (e.InlineKey)
            {
                var how = endpoints.Count == 1 ? "resumeJob { jobId, apiKey }" : $"resumeJob {{ jobId, apiKeys: {{ \"{e.Name}\": ... }} }}";
                throw new RequestRefusedException(RefusalReason.ProviderConfig,
                    $"Job {jobId} was started with an inline API key for {e.Name} ({e.BaseUrl}), which batchai never stores. Pass it again: {how}.",
                    new RefusedAt(Field: endpoints.Count == 1 ? "apiKey" : $"apiKeys.{e.Name}", JobId: jobId));
            }

            keys[e.Name] = key;
        }

        return keys;
    }

    private void KeepInlineKeys(string jobId, JobSpec spec, IReadOnlyDictionary<string, string?> keys)
    {
        foreach (var e in spec.AllEndpoints())
        {
            if (e.InlineKey && keys.GetValueOrDefault(e.Name) is { } key)
            {
                _inlineKeys[$"{jobId}/{e.Name}"] = key;
            }
        }
    }

    private static Dictionary<string, string> GivenKeys(StartJobParams p) => EndpointConfigs.Of(p)
        .Select((e, i) => (Name: e.Name ?? EndpointConfigs.DefaultName(i), e.ApiKey))
        .Where(e => !string.IsNullOrEmpty(e.ApiKey))
        .ToDictionary(e => e.Name, e => e.ApiKey!, StringComparer.Ordinal);

    private static string Field(JobSpec spec, EndpointSpec e, string name) =>
        spec.Endpoints is not { Count: > 1 } ? $"provider.{name}" : $"endpoints[{spec.Endpoints.ToList().FindIndex(x => x.Name == e.Name)}].{name}";

    private static string Describe(JobSpec spec)
    {
        var endpoints = spec.AllEndpoints();
        return endpoints.Count == 1
            ? $"{spec.Model} at {spec.BaseUrl}"
            : $"{endpoints.Count} endpoints ({string.Join(", ", endpoints.Select(e => $"{e.Name}: {e.Model} at {e.BaseUrl}"))})";
    }
}
