using BatchAi.Protocol.Jobs;

namespace BatchAi.Daemon.Notifications;

/// <summary>
/// Someone who watches jobs: a connected client, or the CLI's progress display. Calls come from
/// job tasks and must return at once; a sink buffers and sends on its own time.
/// </summary>
internal interface INotificationSink
{
    void OnStateChanged(JobStateChanged change);

    void OnRowCompleted(JobRowCompleted row);

    void OnProgress(JobProgress progress);

    /// <summary>A generate job accepted a question (stored before this is called). A sink that only follows answers ignores it.</summary>
    void OnQuestionAccepted(Protocol.Generation.JobQuestionAccepted question)
    {
    }

    /// <summary>Whether this sink asked for the streamed text of that job; checked before a token is built.</summary>
    bool WantsTokens(string jobId);

    void OnToken(JobToken token);
}
