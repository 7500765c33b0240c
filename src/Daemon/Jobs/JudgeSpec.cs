using BatchAi.Daemon.Judging;
using BatchAi.Daemon.Scheduling;
using BatchAi.Protocol.Jobs;

namespace BatchAi.Daemon.Jobs;

/// <summary>A job's judge as stored with its settings: never a key, only the variable that holds one (as <see cref="UserSimulatorSpec"/>).</summary>
/// <param name="Scale">The top of the scale, the default filled in.</param>
internal sealed record JudgeSpec(string? Rubric, string? Model, string? BaseUrl, string? ApiKeyEnv, int Scale, double? Threshold, string? ReferenceColumn)
{
    /// <summary>The name of its endpoint on a base URL of its own (for its key and its messages).</summary>
    public const string EndpointName = "judge";

    public static JudgeSpec? From(JudgeOptions? options) => options is null
        ? null
        : new JudgeSpec(options.Rubric, options.Model, options.BaseUrl, options.ApiKeyEnv, options.Scale ?? JudgePrompt.DefaultScale, options.Threshold, options.ReferenceColumn);

    /// <summary>The Judging stage's judge for these settings.</summary>
    public Judge ToJudge() => new(Rubric, Scale);

    /// <summary>Refuses what cannot be used, naming the field; the reference column is checked against the input later (<see cref="InputProbe"/>).</summary>
    public static void Validate(StartJobParams p, Func<string, string, Exception> invalid)
    {
        if (p.Judge is not { } judge)
        {
            return;
        }

        if (judge.Rubric is not null && string.IsNullOrWhiteSpace(judge.Rubric))
        {
            throw invalid("judge.rubric", $"judge.rubric is blank: give a preset ({string.Join(", ", JudgeRubric.Presets.Keys)}) or your own text, or leave it out for helpfulness.");
        }

        if (judge.Scale is < Judge.MinScale or > Judge.MaxScale)
        {
            throw invalid("judge.scale", $"judge.scale must be between {Judge.MinScale} and {Judge.MaxScale} (got {judge.Scale}).");
        }

        var scale = judge.Scale ?? JudgePrompt.DefaultScale;
        if (judge.Threshold is { } threshold && (threshold < 1 || threshold > scale || double.IsNaN(threshold)))
        {
            throw invalid("judge.threshold", $"judge.threshold must be between 1 and the scale's top, {scale} (got {threshold}).");
        }

        if (JudgeRubric.Of(judge.Rubric).NeedsReference && string.IsNullOrWhiteSpace(judge.ReferenceColumn))
        {
            throw invalid("judge.referenceColumn", "The correctness rubric compares each answer with a reference: give judge.referenceColumn, the input column holding it.");
        }

        if (judge.ReferenceColumn is not null && string.IsNullOrWhiteSpace(judge.ReferenceColumn))
        {
            throw invalid("judge.referenceColumn", "judge.referenceColumn is blank: name the input column holding the reference answers.");
        }

        EndpointConfigs.ValidateOwnEndpoint("judge", judge.Model, judge.BaseUrl, judge.ApiKeyEnv, invalid);
        if (p.Mode is not null && p.Mode != JobModes.Online)
        {
            // A judge's call follows each answer as it lands; a batch's answers land all at once, hours later.
            throw invalid("judge", $"judge cannot be combined with mode {p.Mode}: answers are judged online as they land.");
        }

        if (p.Turns is > 1)
        {
            throw invalid("judge", "judge cannot be combined with turns above 1: a conversation's turns are not judged (yet).");
        }
    }

    /// <summary>
    /// The judge's own endpoints, or null when the job's pool judges (no model or base URL of its own, or a model every
    /// endpoint serves). A model some of the job's endpoints serve is judged on those; else as for the user simulator
    /// (<see cref="EndpointConfigs.OwnEndpoint"/>): the job's first endpoint with the model changed, or a base URL of its own.
    /// </summary>
    public IReadOnlyList<EndpointSpec>? Endpoints(IReadOnlyList<EndpointSpec> endpoints)
    {
        if (BaseUrl is null && Model is not null)
        {
            var serving = endpoints.Where(e => e.Model == Model).ToList();
            if (serving.Count == endpoints.Count)
            {
                return null;
            }

            if (serving.Count > 0)
            {
                return serving;
            }
        }

        return EndpointConfigs.OwnEndpoint(endpoints, EndpointName, Model, BaseUrl, ApiKeyEnv) is { } own ? [own] : null;
    }

    /// <summary>The model part of a judge request's fingerprint: its own endpoints' models, or the job's.</summary>
    public string FingerprintModel(JobSpec job) => Endpoints(job.AllEndpoints()) is { } own
        ? string.Join('|', own.Select(e => e.Model).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        : job.FingerprintModel();
}
