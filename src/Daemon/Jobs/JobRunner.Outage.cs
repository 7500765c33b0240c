using BatchAi.Daemon.Scheduling;
using BatchAi.Protocol.Jobs;

namespace BatchAi.Daemon.Jobs;

/// <summary>
/// A running job whose every endpoint is down shows <see cref="JobState.ProviderUnavailable"/>: it still runs (its rows
/// wait in the pool, none failed for the outage; pause, cancel and resume work), the pool probes, and the first answer
/// brings it back to running by itself. The ledger keeps it running: a daemon that dies meanwhile leaves it interrupted.
/// </summary>
internal sealed partial class JobRunner
{
    /// <summary>The outage the job is waiting through, or null.</summary>
    public Outage? Outage { get; private set; }

    private void WatchOutages(EndpointPool pool) => pool.OutageChanged += OnOutage;

    private void OnOutage(Outage? outage)
    {
        JobState previous, now;
        lock (_gate)
        {
            if (!IsRunning || _stopReason != StopReason.None || State is not (JobState.Running or JobState.ProviderUnavailable))
            {
                return;
            }

            previous = State;
            Outage = outage;
            now = State = outage is null ? JobState.Running : JobState.ProviderUnavailable;
        }

        string message;
        if (outage is null)
        {
            message = "the provider answers again; sending on";
            _log($"job {Id}: {message}");
        }
        else
        {
            message = OutageMessage(outage);
            LastError = message;
            if (previous != now)
            {
                _log($"job {Id}: {message}");
            }
        }

        if (previous != now)
        {
            _hub.StateChanged(new JobStateChanged(Id, now, previous, message));
        }

        _hub.Progress(Progress());
    }

    private static string OutageMessage(Outage outage) =>
        $"provider unavailable since {outage.Since:HH:mm:ss} UTC: {outage.Endpoint}: {outage.LastError}. No row fails for it; "
        + $"the next probe goes at {outage.NextProbe:HH:mm:ss} UTC and the job goes on by itself when the provider answers";
}
