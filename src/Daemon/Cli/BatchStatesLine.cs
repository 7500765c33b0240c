using System.Globalization;
using BatchAi.Protocol;
using BatchAi.Protocol.Jobs;

namespace BatchAi.Daemon.Cli;

/// <summary>
/// A batch job's batches on the progress line, e.g. <c>2 batches in_progress, 1 validating</c>. Progress notifications carry
/// counts only, so the batches are read with <c>getJob</c> every few seconds while the job is followed.
/// </summary>
internal sealed class BatchStatesLine
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(2);

    private volatile string? _text;

    public string? Text => _text;

    /// <summary>Reads the job's batches until <paramref name="until"/> ends; nothing for a job not in batch or auto mode.</summary>
    public static BatchStatesLine Watch(DaemonConnection connection, JobInfo start, Task until)
    {
        var line = new BatchStatesLine { _text = Describe(start.Batches) };
        if (start.Mode is JobModes.Batch or JobModes.Auto)
        {
            _ = Task.Run(async () =>
            {
                while (await Task.WhenAny(until, Task.Delay(Every)).ConfigureAwait(false) != until)
                {
                    try
                    {
                        line._text = Describe((await connection.CallAsync<JobInfo>(Methods.GetJob, new JobIdParams(start.JobId), CancellationToken.None).ConfigureAwait(false)).Batches);
                    }
                    catch (Exception e) when (e is StreamJsonRpc.RemoteRpcException or StreamJsonRpc.ConnectionLostException or ObjectDisposedException)
                    {
                        return;
                    }
                }
            });
        }

        return line;
    }

    /// <summary>The batches not yet folded, by state in the order they pass, e.g. <c>2 batches in_progress, 1 validating</c>; null when none.</summary>
    public static string? Describe(IReadOnlyList<BatchStatus>? batches)
    {
        string[] order = [BatchStates.Written, BatchStates.Uploaded, BatchStates.Validating, BatchStates.InProgress, BatchStates.Finalizing, BatchStates.Ended, BatchStates.Cancelling];
        var open = (batches ?? []).Where(b => b.State is not (BatchStates.Folded or BatchStates.Failed))
            .GroupBy(b => b.State).OrderByDescending(g => Array.IndexOf(order, g.Key)).ToList();
        if (open.Count == 0)
        {
            return null;
        }

        return string.Join(", ", open.Select((g, i) => string.Create(CultureInfo.InvariantCulture,
            $"{g.Count()} {(i == 0 ? (g.Count() == 1 && open.Count == 1 ? "batch " : "batches ") : "")}{g.Key}")));
    }
}
