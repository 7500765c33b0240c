using BatchAi.Daemon.Batching;
using BatchAi.Protocol.Jobs;

namespace BatchAi.Daemon.Jobs;

/// <summary><c>startJob</c>'s <c>batch</c> options: only with a mode that uses them (any mode for <c>estimateJob</c>), each within what a provider takes, naming the field.</summary>
internal static class BatchOptionsValidator
{
    /// <summary>The longest first wait between polls; the wait grows to <see cref="PollDelay.DefaultMost"/> anyway.</summary>
    private const double MostPollSeconds = 300;

    public static void Validate(StartJobParams p, Func<string, string, Exception> invalid)
    {
        if (p.Batch is not { } batch)
        {
            return;
        }

        // An estimate prices the batch way beside the online one whatever its mode, with the window it is given.
        if (p.Mode is not (JobModes.Batch or JobModes.Auto) && p is not EstimateJobParams)
        {
            throw invalid("batch", $"batch options are for mode batch (or auto); this job's mode is {p.Mode ?? JobModes.Online}.");
        }

        if (batch.MaxLines is < 1)
        {
            throw invalid("batch.maxLines", $"batch.maxLines must be at least 1 (got {batch.MaxLines}).");
        }

        if (batch.MaxBytes is < 1024)
        {
            throw invalid("batch.maxBytes", $"batch.maxBytes must be at least 1024 (got {batch.MaxBytes}).");
        }

        if (batch.CompletionWindow is { } window)
        {
            BatchWindow.Parse(window, "batch.completionWindow");
        }

        if (batch.Deadline is not null && p.Mode != JobModes.Auto)
        {
            throw invalid("batch.deadline", $"batch.deadline is for mode auto, which chooses between online and batch by it; this job's mode is {p.Mode}.");
        }

        if (batch.PollSeconds is { } poll && !(poll > 0 && poll <= MostPollSeconds))
        {
            throw invalid("batch.pollSeconds", $"batch.pollSeconds must be above 0 and at most {MostPollSeconds} (got {poll}).");
        }
    }
}
