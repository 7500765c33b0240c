using BatchAi.Daemon.Ledger;
using BatchAi.Protocol.Jobs;

namespace BatchAi.Daemon.Jobs;

/// <summary>How a run ends: the state it leaves the job in, the output written from the ledger, and who hears of it.</summary>
internal sealed partial class JobRunner
{
    private async Task FinishAsync(string? failure)
    {
        StopReason reason;
        lock (_gate)
        {
            reason = _stopReason;
        }

        try
        {
            switch (reason)
            {
                case StopReason.Cancel:
                    await ExportAsync(CancellationToken.None).ConfigureAwait(false);
                    await SetStateAsync(JobState.Cancelled, "cancelled; the rows answered so far are in the output").ConfigureAwait(false);
                    break;
                case StopReason.Shutdown:
                    await SetStateAsync(JobState.Interrupted, "the daemon stopped; resumeJob finishes the job").ConfigureAwait(false);
                    break;
                case StopReason.Pause or StopReason.Offline or StopReason.Budget or StopReason.KeyRefused or StopReason.LedgerFault:
                    PausedByLedgerFault = reason == StopReason.LedgerFault;
                    await SetStateAsync(JobState.Paused, reason == StopReason.Pause ? null : LastError).ConfigureAwait(false);
                    break;
                default:
                    if (failure is not null)
                    {
                        LastError = failure;
                        await ExportAsync(CancellationToken.None).ConfigureAwait(false);
                        await SetStateAsync(JobState.Failed, failure).ConfigureAwait(false);
                    }
                    else
                    {
                        var rows = await ExportAsync(CancellationToken.None).ConfigureAwait(false);
                        await SetStateAsync(JobState.Completed, Spec.Generation is null ? $"{rows} rows written to {Spec.Output}" : GeneratedMessage(rows)).ConfigureAwait(false);
                    }

                    break;
            }
        }
        catch (Exception e)
        {
            LastError = e.Message;
            _log($"job {Id}: could not finish: {e}");
            await SetStateAsync(JobState.Failed, e.Message).ConfigureAwait(false);
        }
    }

    private async Task<long> ExportAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await new JobExports(_ledger).WriteAsync(Id, Spec, Spec.Output, Spec.Format, keepReasoning: false, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Could not write the output {Spec.Output}: {e.Message}. The answers are safe in the ledger; exportJob writes them again.", e);
        }
    }

    private async Task SetStateAsync(JobState state, string? message, JobState? from = null)
    {
        var previous = from ?? State;
        var final = state is JobState.Completed or JobState.Failed or JobState.Cancelled;
        FinishedAt = final ? _time.GetUtcNow() : null;
        // Messages that say what went wrong are kept as the job's last error; a plain "stopped" note is not an error.
        var error = state is JobState.Failed or JobState.Paused || (state == JobState.Interrupted && !IsRunning) ? message : null;
        if (error is not null && state != JobState.Paused)
        {
            LastError = error;
        }

        try
        {
            await _ledger.SetStateAsync(Id, state.ToStored(), error, FinishedAt).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _log($"job {Id}: could not store state {state}: {e.Message}");
        }

        State = state;
        if (previous != state)
        {
            _hub.StateChanged(new JobStateChanged(Id, state, previous, message));
        }

        _hub.Progress(Progress());
    }
}
