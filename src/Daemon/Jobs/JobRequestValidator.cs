using BatchAi.Daemon.Scheduling;
using BatchAi.Protocol.Jobs;
using BatchAi.Daemon.Common;

namespace BatchAi.Daemon.Jobs;

/// <summary>Checks a <c>startJob</c> request field by field, naming the field at fault.</summary>
internal static class JobRequestValidator
{
    public static readonly IReadOnlyList<string> OutputFormats = Export.ExportFormat.Supported;

    public static void Validate(StartJobParams? p)
    {
        if (p is null)
        {
            throw Invalid("params", "startJob needs a parameter object with at least input and provider.");
        }

        if (string.IsNullOrWhiteSpace(p.Input))
        {
            throw Invalid("input", "input is required: the path of the dataset file.");
        }

        ValidateWhere(p);

        if (p.Concurrency is < 1 or > JobSpec.MaxConcurrency)
        {
            throw Invalid("concurrency", $"concurrency must be between 1 and {JobSpec.MaxConcurrency} (got {p.Concurrency}).");
        }

        if (p.Format is not null && !OutputFormats.Contains(p.Format.ToLowerInvariant()))
        {
            throw Invalid("format", $"format must be one of {string.Join(", ", OutputFormats)} (got '{p.Format}').");
        }

        if (p.Temperature is < 0 or > 2)
        {
            throw Invalid("temperature", $"temperature must be between 0 and 2 (got {p.Temperature}).");
        }

        if (p.Column is not null && p.Template is not null)
        {
            throw Invalid("template", "Give column or template, not both: a template names its columns itself.");
        }

        DelimiterOption.Parse(p.Delimiter);

        if (p.MaxTokens is < 1)
        {
            throw Invalid("maxTokens", $"maxTokens must be at least 1 (got {p.MaxTokens}).");
        }

        if (p.Judge is null && Export.ExportFormat.IsPreference(Format(p)))
        {
            throw Invalid("format", $"format {Format(p)} pairs a row's judged answers: give a judge too.");
        }

        AnswerFormatSpec.Validate(p.ResponseFormat, Invalid);
        ValidateTurns(p);
        ValidateOffline(p);
        SlotOptions.Validate(p, Invalid);
        JobJudge.Validate(p, Invalid);
    }

    /// <summary>Turns within bounds, and a user simulator only where it plays (more than one turn), each of its fields usable.</summary>
    private static void ValidateTurns(StartJobParams p)
    {
        if (p.Turns is < 1 or > JobSpec.MaxTurns)
        {
            throw Invalid("turns", $"turns must be between 1 and {JobSpec.MaxTurns} (got {p.Turns}).");
        }

        if (p.Turns is > 1 && p.ResponseFormat is not null)
        {
            // Structured answers are validated and re-asked one answer at a time; a conversation's turns are not (yet).
            throw Invalid("responseFormat", "responseFormat cannot be combined with turns above 1: give one or the other.");
        }

        if (p.UserSimulator is not { } user)
        {
            return;
        }

        if (p.Turns is null or 1)
        {
            throw Invalid("userSimulator", "userSimulator plays the user between assistant turns: give turns of 2 or more with it.");
        }

        EndpointConfigs.ValidateOwnEndpoint("userSimulator", user.Model, user.BaseUrl, user.ApiKeyEnv, Invalid);
        if (user.SystemPrompt is not null && string.IsNullOrWhiteSpace(user.SystemPrompt))
        {
            throw Invalid("userSimulator.systemPrompt", "userSimulator.systemPrompt is blank (leave it out for the built-in one).");
        }
    }

    /// <summary>A known mode; offline only where one request per row is the whole answer (no turns, no re-asks).</summary>
    private static void ValidateOffline(StartJobParams p)
    {
        if (p.Mode is not null && !Modes.Contains(p.Mode))
        {
            throw Invalid("mode", $"mode must be one of {string.Join(", ", Modes)} (got '{p.Mode}').");
        }

        BatchOptionsValidator.Validate(p, Invalid);
        if (p.Mode is not (JobModes.Offline or JobModes.Batch or JobModes.Auto))
        {
            return;
        }

        if (p.Turns is > 1)
        {
            // A batch file holds one request per row; the user's turns between assistant turns are written as the answers come.
            throw Invalid("turns", $"turns above 1 cannot be combined with mode {p.Mode}: each turn needs the answer before it.");
        }

        if (p.ResponseFormat is not null)
        {
            // An invalid answer is asked again with its errors; a batch file's results come back once, with nobody to re-ask.
            throw Invalid("responseFormat", $"responseFormat cannot be combined with mode {p.Mode}: its answers are validated and re-asked online.");
        }
    }

    /// <summary>The modes a job may be started in.</summary>
    public static readonly IReadOnlyList<string> Modes = [JobModes.Online, JobModes.Offline, JobModes.Batch, JobModes.Auto];

    /// <summary>Exactly one of provider, endpoints and profile says where the rows go.</summary>
    private static void ValidateWhere(StartJobParams p)
    {
        var given = new[] { ("provider", p.Provider is not null), ("endpoints", p.Endpoints is not null), ("profile", p.Profile is not null) }
            .Where(g => g.Item2).Select(g => g.Item1).ToList();
        if (given.Count == 0)
        {
            throw Invalid("provider", "provider is required: { baseUrl, model, apiKey or apiKeyEnv } (or endpoints: [...], or profile: NAME).");
        }

        if (given.Count > 1)
        {
            throw Invalid(given[1], $"Give only one of provider, endpoints and profile (got {string.Join(" and ", given)}).");
        }

        if (p.Profile is not null)
        {
            if (string.IsNullOrWhiteSpace(p.Profile))
            {
                throw Invalid("profile", "profile must name a profile stored with saveProfile.");
            }

            return; // resolved into endpoints, then validated again
        }

        EndpointConfigs.Validate(EndpointConfigs.Of(p), p.Provider is not null ? "provider" : "endpoints");
    }

    /// <summary>The output format: as given, else from the output's extension, else jsonl.</summary>
    public static string Format(StartJobParams p)
    {
        if (p.Format is not null)
        {
            return p.Format.ToLowerInvariant();
        }

        return (p.Output is null ? null : Export.ExportFormat.FromPath(p.Output)) ?? Export.ExportFormat.Jsonl;
    }

    private static RequestRefusedException Invalid(string field, string message) => new(RefusalReason.InvalidField, message, new RefusedAt(Field: field));
}
