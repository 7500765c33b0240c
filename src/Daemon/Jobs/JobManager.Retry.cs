using BatchAi.Protocol.Jobs;
using BatchAi.Daemon.Common;

namespace BatchAi.Daemon.Jobs;

/// <summary><c>retryFailed</c>: a job's failed rows sent again.</summary>
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

            var keys = _keys.Resolve(runner.Spec, apiKeys, apiKey, jobId);
            await PrepareBudgetAsync(runner, budget).ConfigureAwait(false);
            var rows = await _ledger.RetryFailedAsync(jobId).ConfigureAwait(false);
            if (rows == 0)
            {
                return runner.Describe();
            }

            Run(runner, keys, source: null);
            _log($"job {jobId}: sending {rows} failed row(s) again");
            return runner.Describe();
        }
        finally
        {
            _control.Release();
        }
    }

    private static string Describe(JobSpec spec)
    {
        var endpoints = spec.AllEndpoints();
        return endpoints.Count == 1
            ? $"{spec.Model} at {spec.BaseUrl}"
            : $"{endpoints.Count} endpoints ({string.Join(", ", endpoints.Select(e => $"{e.Name}: {e.Model} at {e.BaseUrl}"))})";
    }
}
