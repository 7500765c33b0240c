using BatchAi.Daemon.Judging;
using BatchAi.Daemon.Scheduling;
using BatchAi.Protocol.Jobs;

namespace BatchAi.Daemon.Jobs;

/// <summary>
/// A job's judge (<see cref="JobSpec.Judge"/>, stored as the request gave it: never a key, only the variable that holds one,
/// as for the user simulator): its checks at <c>startJob</c>, its endpoints, and the Judging stage's <see cref="Judge"/> for it.
/// </summary>
internal static class JobJudge
{
    /// <summary>The name of its endpoint on a base URL of its own (for its key and its messages).</summary>
    public const string EndpointName = "judge";

    /// <summary>The Judging stage's judge for these settings.</summary>
    public static Judge ToJudge(JudgeOptions judge) => new(judge.Rubric, judge.Scale ?? JudgePrompt.DefaultScale);

    /// <summary>The top of the judge's scale.</summary>
    public static int Scale(JudgeOptions judge) => judge.Scale ?? JudgePrompt.DefaultScale;

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
    public static IReadOnlyList<EndpointSpec>? Endpoints(JudgeOptions judge, IReadOnlyList<EndpointSpec> endpoints)
    {
        if (judge.BaseUrl is null && judge.Model is not null)
        {
            var serving = endpoints.Where(e => e.Model == judge.Model).ToList();
            if (serving.Count == endpoints.Count)
            {
                return null;
            }

            if (serving.Count > 0)
            {
                return serving;
            }
        }

        return EndpointConfigs.OwnEndpoint(endpoints, EndpointName, judge.Model, judge.BaseUrl, judge.ApiKeyEnv) is { } own ? [own] : null;
    }

    /// <summary>The model part of a judge request's fingerprint: its own endpoints' models, or the job's.</summary>
    public static string FingerprintModel(JobSpec job) => job.Judge is { } judge && Endpoints(judge, job.AllEndpoints()) is { } own
        ? string.Join('|', own.Select(e => e.Model).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        : job.FingerprintModel();

    /// <summary>The model the judge's tokens are charged to: its own, else the job's (its one model, or its first endpoint's).</summary>
    public static string Model(JobSpec job) => job.Judge?.Model ?? job.SoleModel() ?? job.Model;

    /// <summary>Every model a job's tokens are charged to: its answers' models and its judge's.</summary>
    public static IReadOnlyList<string> PricedModels(JobSpec job) =>
        job.Judge is null ? job.AnswerModels() : [.. job.AnswerModels().Append(Model(job)).Distinct(StringComparer.Ordinal)];
}
