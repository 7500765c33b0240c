using System.Collections.Immutable;
using BatchAi.Protocol.Jobs;

namespace BatchAi.Daemon.Notifications;

/// <summary>Fans job events out to every sink. Registration is rare and publishing is hot, so the list is an immutable snapshot.</summary>
internal sealed class NotificationHub
{
    private ImmutableArray<INotificationSink> _sinks = [];

    public IDisposable Register(INotificationSink sink)
    {
        ImmutableInterlocked.Update(ref _sinks, static (list, s) => list.Add(s), sink);
        return new Registration(this, sink);
    }

    public void StateChanged(JobStateChanged change)
    {
        foreach (var sink in _sinks)
        {
            sink.OnStateChanged(change);
        }
    }

    public void RowCompleted(JobRowCompleted row)
    {
        foreach (var sink in _sinks)
        {
            sink.OnRowCompleted(row);
        }
    }

    public void QuestionAccepted(Protocol.Generation.JobQuestionAccepted question)
    {
        foreach (var sink in _sinks)
        {
            sink.OnQuestionAccepted(question);
        }
    }

    public void Progress(JobProgress progress)
    {
        foreach (var sink in _sinks)
        {
            sink.OnProgress(progress);
        }
    }

    /// <summary>Whether any sink wants this job's tokens, so a job with no watcher builds none.</summary>
    public bool WantsTokens(string jobId)
    {
        foreach (var sink in _sinks)
        {
            if (sink.WantsTokens(jobId))
            {
                return true;
            }
        }

        return false;
    }

    public void Token(string jobId, long row, string text, bool reasoning, bool reset = false)
    {
        JobToken? token = null;
        foreach (var sink in _sinks)
        {
            if (sink.WantsTokens(jobId))
            {
                sink.OnToken(token ??= new JobToken(jobId, row, text, reasoning, reset));
            }
        }
    }

    private sealed class Registration(NotificationHub hub, INotificationSink sink) : IDisposable
    {
        public void Dispose() => ImmutableInterlocked.Update(ref hub._sinks, static (list, s) => list.Remove(s), sink);
    }
}
