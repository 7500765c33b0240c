using System.Text.Json;
using BatchAi.Daemon.Ledger;
using BatchAi.Daemon.Scheduling;
using BatchAi.Protocol.Jobs;
using BatchAi.Daemon.Common;

namespace BatchAi.Daemon.Jobs;

/// <summary>Profiles: named endpoint pools in the ledger, so a user does not retype them. Never with a key.</summary>
internal sealed class ProfileStore(JobLedger ledger, TimeProvider time)
{
    public async Task<SaveProfileParams> SaveAsync(SaveProfileParams p)
    {
        if (p is null || string.IsNullOrWhiteSpace(p.Name))
        {
            throw new RequestRefusedException(RefusalReason.InvalidField, "name is required: the profile's name.", new RefusedAt(Field: "name"));
        }

        EndpointConfigs.Validate(p.Endpoints, "endpoints");
        for (var i = 0; i < p.Endpoints.Count; i++)
        {
            if (!string.IsNullOrEmpty(p.Endpoints[i].ApiKey))
            {
                throw new RequestRefusedException(RefusalReason.InvalidField,
                    $"endpoints[{i}].apiKey: a profile is stored, and batchai never stores a key. Give apiKeyEnv, the name of a variable in the daemon's environment that holds it.",
                    new RefusedAt(Field: $"endpoints[{i}].apiKey"));
            }
        }

        if (p.Concurrency is < 1 or > JobSpec.MaxConcurrency)
        {
            throw new RequestRefusedException(RefusalReason.InvalidField, $"concurrency must be between 1 and {JobSpec.MaxConcurrency} (got {p.Concurrency}).", new RefusedAt(Field: "concurrency"));
        }

        // Stored with every endpoint named, so keys given to resumeJob by name match the job's endpoints.
        var stored = p with
        {
            Name = p.Name.Trim(),
            Endpoints = p.Endpoints.Select((e, i) => e with { Name = e.Name ?? EndpointConfigs.DefaultName(i) }).ToList(),
        };
        await ledger.SaveProfileAsync(stored.Name, JsonSerializer.Serialize(stored), time.GetUtcNow()).ConfigureAwait(false);
        return stored;
    }

    public IReadOnlyList<SaveProfileParams> List() =>
        ledger.Reader.ListProfiles().Select(body => JsonSerializer.Deserialize<SaveProfileParams>(body)!).ToList();

    public async Task<bool> DeleteAsync(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new RequestRefusedException(RefusalReason.InvalidField, "name is required: the profile's name.", new RefusedAt(Field: "name"));
        }

        return await ledger.DeleteProfileAsync(name.Trim()).ConfigureAwait(false);
    }

    /// <summary>A request that names a profile, with the profile's endpoints and, where the request says nothing, its defaults.</summary>
    public StartJobParams Apply(StartJobParams p)
    {
        if (p.Profile is not { } name)
        {
            return p;
        }

        var body = ledger.Reader.GetProfile(name.Trim());
        if (body is null)
        {
            var known = ledger.Reader.ListProfiles().Select(b => JsonSerializer.Deserialize<SaveProfileParams>(b)!.Name).ToList();
            throw new RequestRefusedException(RefusalReason.InvalidField,
                $"No profile '{name}'. {(known.Count == 0 ? "No profile is stored; saveProfile stores one." : "Stored: " + string.Join(", ", known) + ".")}",
                new RefusedAt(Field: "profile"));
        }

        var profile = JsonSerializer.Deserialize<SaveProfileParams>(body)!;
        var resolved = p with
        {
            Profile = null,
            Endpoints = profile.Endpoints,
            Concurrency = p.Concurrency ?? profile.Concurrency,
            SystemPrompt = p.SystemPrompt ?? profile.SystemPrompt,
            Temperature = p.Temperature ?? profile.Temperature,
            MaxTokens = p.MaxTokens ?? profile.MaxTokens,
        };
        JobRequestValidator.Validate(resolved);
        return resolved;
    }
}
