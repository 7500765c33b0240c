using BatchAi.Daemon.Notifications;
using BatchAi.Daemon.Providers;

namespace BatchAi.Daemon.Jobs;

/// <summary>Forwards one row's streamed text to the hub, building nothing when no one watches the job.</summary>
internal sealed class RowTokenSink(NotificationHub hub, string jobId, long row) : IChatDeltaSink
{
    public void OnDelta(string text, bool reasoning)
    {
        if (hub.WantsTokens(jobId))
        {
            hub.Token(jobId, row, text, reasoning);
        }
    }

    public void OnReset()
    {
        if (hub.WantsTokens(jobId))
        {
            hub.Token(jobId, row, string.Empty, reasoning: false, reset: true);
        }
    }
}
