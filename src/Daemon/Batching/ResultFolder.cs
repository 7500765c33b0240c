using System.Collections;
using BatchAi.Daemon.Ledger;

namespace BatchAi.Daemon.Batching;

/// <summary>
/// Folds a batch output or error file (OpenAI's, or vLLM <c>run_batch</c>'s) into a job's rows by custom_id, streamed a
/// group of lines at a time. A line is refused, with the reason, when it cannot be read, names another job or no row of
/// this one, repeats a custom_id seen earlier in the file, or its row is done or skipped already; the ledger's own check
/// (<see cref="ResultFolding"/>) makes a second fold of the same line change nothing, whatever memory was lost in between.
/// </summary>
/// <param name="batch">For a batch job's own batch, its file's seq: lines fold only into rows still submitted in it.</param>
internal sealed class ResultFolder(JobLedger ledger, string jobId, long rowCount, string endpoint, TimeProvider time, int? batch = null)
{
    /// <summary>Refused lines listed in a report; the rest are counted. A file of a million foreign lines must not fill memory.</summary>
    public const int MaxListed = 1000;

    private const int Group = 2048;

    // A bit per row of the job: which custom_ids this file has shown already. 125 KB for a million rows.
    private readonly BitArray _seen = new((int)Math.Min(int.MaxValue, Math.Max(1, rowCount)));
    private readonly List<RefusedLine> _refused = [];
    private long _refusedCount, _answered, _failed, _requeued, _lines;

    public async Task<FoldReport> FoldAsync(Stream file, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(file, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, 1 << 16, leaveOpen: true);
        var group = new List<(long Line, string CustomId, RowResult Result)>(Group);
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } text)
        {
            _lines++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            if (Check(_lines, ResultLineParser.Parse(text)) is { } ok)
            {
                group.Add(ok);
                if (group.Count == Group)
                {
                    await StoreAsync(group).ConfigureAwait(false);
                }
            }
        }

        await StoreAsync(group).ConfigureAwait(false);
        return new FoldReport(_lines, _answered, _failed, _requeued, _refusedCount, _refused.OrderBy(r => r.Line).ToList());
    }

    private (long, string, RowResult)? Check(long line, ResultLine result)
    {
        if (result.Kind == ResultKind.Malformed)
        {
            Refuse(line, result.CustomId, result.Error ?? "not a result line");
            return null;
        }

        if (!CustomId.TryParse(result.CustomId, out var job, out var index))
        {
            Refuse(line, result.CustomId, $"custom_id '{result.CustomId}' is not JOBID:ROW");
            return null;
        }

        if (!string.Equals(job, jobId, StringComparison.Ordinal))
        {
            Refuse(line, result.CustomId, $"custom_id names job {job}, not {jobId}");
            return null;
        }

        if (index < 0 || index >= _seen.Length)
        {
            Refuse(line, result.CustomId, $"job {jobId} has no row {index}");
            return null;
        }

        if (_seen[(int)index])
        {
            Refuse(line, result.CustomId, $"custom_id {result.CustomId} appears earlier in the file; the first is kept");
            return null;
        }

        _seen[(int)index] = true;
        var state = result.Kind switch
        {
            ResultKind.Answered => RowState.Done,
            ResultKind.Refused => RowState.Failed,
            _ => RowState.Pending,
        };
        return (line, result.CustomId!, new RowResult(jobId, index, state, 0, result.Answer, result.Reasoning, result.PromptTokens,
            result.CompletionTokens, result.FinishReason, result.Error is null ? null : $"row {index}: {result.Error}", time.GetUtcNow(), 0,
            result.Kind == ResultKind.Answered ? result.Model : null, result.Kind == ResultKind.Answered ? endpoint : null));
    }

    private async Task StoreAsync(List<(long Line, string CustomId, RowResult Result)> group)
    {
        if (group.Count == 0)
        {
            return;
        }

        var stored = await ledger.FoldAsync(group.Select(g => g.Result).ToList(), batch).ConfigureAwait(false);
        Microsoft.Data.Sqlite.SqliteConnection? connection = null;
        try
        {
            for (var i = 0; i < group.Count; i++)
            {
                var (line, customId, result) = group[i];
                if (stored[i])
                {
                    _ = result.State switch
                    {
                        RowState.Done => ++_answered,
                        RowState.Failed => ++_failed,
                        _ => ++_requeued,
                    };
                    continue;
                }

                connection ??= ledger.Reader.Open();
                Refuse(line, customId, ResultFolding.StateOf(connection, jobId, result.Index) switch
                {
                    null => $"job {jobId} has no row {result.Index}",
                    RowState.Skipped => $"row {result.Index} was skipped, never sent",
                    RowState.Failed => $"row {result.Index} has failed already",
                    RowState.Pending or RowState.InFlight or RowState.Submitted => $"row {result.Index} is not waiting for this batch's answer",
                    _ => $"row {result.Index} is answered already",
                });
            }
        }
        finally
        {
            connection?.Dispose();
        }

        group.Clear();
    }

    private void Refuse(long line, string? customId, string reason)
    {
        _refusedCount++;
        if (_refused.Count < MaxListed)
        {
            _refused.Add(new RefusedLine(line, customId, reason));
        }
    }
}
