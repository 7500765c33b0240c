namespace BatchAi.Protocol;

/// <summary>The notifications the daemon pushes. Each carries one parameter object, declared by <see cref="RpcParamsAttribute"/>.</summary>
public static class Notifications
{
    /// <summary>Counts, rate and ETA of a job, at most a few per second per job: <see cref="Jobs.JobProgress"/>.</summary>
    [RpcParams(typeof(Jobs.JobProgress))]
    public const string JobProgress = "job/progress";

    /// <summary>Streamed answer text of one row, coalesced; only to connections that subscribed to the job's tokens: <see cref="Jobs.JobToken"/>.</summary>
    [RpcParams(typeof(Jobs.JobToken))]
    public const string JobToken = "job/token";

    /// <summary>A row reached done or failed: <see cref="Jobs.JobRowCompleted"/>.</summary>
    [RpcParams(typeof(Jobs.JobRowCompleted))]
    public const string JobRowCompleted = "job/rowCompleted";

    /// <summary>A job changed state: <see cref="Jobs.JobStateChanged"/>.</summary>
    [RpcParams(typeof(Jobs.JobStateChanged))]
    public const string JobStateChanged = "job/stateChanged";

    /// <summary>A generate job accepted a question: <see cref="Generation.JobQuestionAccepted"/>.</summary>
    [RpcParams(typeof(Generation.JobQuestionAccepted))]
    public const string JobQuestionAccepted = "job/questionAccepted";

    /// <summary>Every notification name, for contract tests.</summary>
    public static IReadOnlyList<string> All { get; } = [JobProgress, JobToken, JobRowCompleted, JobStateChanged, JobQuestionAccepted];
}
