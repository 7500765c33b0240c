using BatchAi.Daemon.Ledger;
using BatchAi.Protocol.Jobs;

namespace BatchAi.Daemon.Jobs;

/// <summary>The one mapping between the ledger's <see cref="StoredJobState"/> and the protocol's <see cref="JobState"/>.</summary>
internal static class JobStates
{
    public static JobState ToProtocol(this StoredJobState state) => state switch
    {
        StoredJobState.Queued => JobState.Queued,
        StoredJobState.Running => JobState.Running,
        StoredJobState.ProviderUnavailable => JobState.ProviderUnavailable,
        StoredJobState.Paused => JobState.Paused,
        StoredJobState.Completed => JobState.Completed,
        StoredJobState.Failed => JobState.Failed,
        StoredJobState.Cancelled => JobState.Cancelled,
        StoredJobState.Interrupted => JobState.Interrupted,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    public static StoredJobState ToStored(this JobState state) => state switch
    {
        JobState.Queued => StoredJobState.Queued,
        JobState.Running => StoredJobState.Running,
        JobState.ProviderUnavailable => StoredJobState.ProviderUnavailable,
        JobState.Paused => StoredJobState.Paused,
        JobState.Completed => StoredJobState.Completed,
        JobState.Failed => StoredJobState.Failed,
        JobState.Cancelled => StoredJobState.Cancelled,
        JobState.Interrupted => StoredJobState.Interrupted,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };
}
