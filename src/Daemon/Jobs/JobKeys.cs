using System.Collections.Concurrent;
using BatchAi.Daemon.Common;
using BatchAi.Daemon.Scheduling;
using BatchAi.Protocol.Jobs;

namespace BatchAi.Daemon.Jobs;

/// <summary>
/// Each endpoint's API key for a job: given now (by endpoint name, or the one key), kept from when it was given, or read
/// from its variable. Inline keys live here only, for the daemon's lifetime: never in the ledger.
/// </summary>
internal sealed class JobKeys(Func<string, string?> environment)
{
    // Keyed "jobId/endpointName".
    private readonly ConcurrentDictionary<string, string> _inline = new(StringComparer.Ordinal);

    /// <summary>The keys a request carries inline, by endpoint name.</summary>
    public static Dictionary<string, string> Given(StartJobParams p) => EndpointConfigs.Of(p)
        .Select((e, i) => (Name: e.Name ?? EndpointConfigs.DefaultName(i), e.ApiKey))
        .Where(e => !string.IsNullOrEmpty(e.ApiKey))
        .ToDictionary(e => e.Name, e => e.ApiKey!, StringComparer.Ordinal);

    /// <summary>
    /// Each endpoint's key: given now (by endpoint name, or the one <paramref name="apiKey"/>), kept from when it was given,
    /// or read from its variable. An endpoint that had an inline key before the daemon restarted needs it again.
    /// </summary>
    public Dictionary<string, string?> Resolve(JobSpec spec, IReadOnlyDictionary<string, string>? given, string? apiKey, string? jobId)
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
            else if (jobId is not null && _inline.TryGetValue($"{jobId}/{e.Name}", out var kept))
            {
                key = kept;
            }
            else if (e.ApiKeyEnv is { Length: > 0 } variable)
            {
                key = KeyVariable.Read(environment, variable, Field(spec, e, "apiKeyEnv"), jobId);
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

        // A user simulator on a base URL of its own has only the key its variable holds: the job's keys never go there.
        if (spec.UserSimulatorEndpoint() is { Name: UserSimulatorSpec.EndpointName } user)
        {
            keys[user.Name] = user.ApiKeyEnv is { Length: > 0 } variable ? KeyVariable.Read(environment, variable, "userSimulator.apiKeyEnv", jobId) : null;
        }

        if (spec.Judge is { } options && JobJudge.Endpoints(options, spec.AllEndpoints()) is [{ Name: JobJudge.EndpointName } judge])
        {
            keys[judge.Name] = judge.ApiKeyEnv is { Length: > 0 } variable ? KeyVariable.Read(environment, variable, "judge.apiKeyEnv", jobId) : null;
        }

        return keys;
    }

    /// <summary>Keeps a job's inline keys in memory, so a resume in this daemon's lifetime needs none.</summary>
    public void Keep(string jobId, JobSpec spec, IReadOnlyDictionary<string, string?> keys)
    {
        foreach (var e in spec.AllEndpoints())
        {
            if (e.InlineKey && keys.GetValueOrDefault(e.Name) is { } key)
            {
                _inline[$"{jobId}/{e.Name}"] = key;
            }
        }
    }

    private static string Field(JobSpec spec, EndpointSpec e, string name) =>
        spec.Endpoints is not { Count: > 1 } ? $"provider.{name}" : $"endpoints[{spec.Endpoints.ToList().FindIndex(x => x.Name == e.Name)}].{name}";
}
