using System.Text.Json;
using BatchAi.Daemon.Cleaning;
using BatchAi.Daemon.Ingest;
using BatchAi.Daemon.Ledger;
using BatchAi.Daemon.Prompting;
using BatchAi.Protocol.Datasets;

namespace BatchAi.Daemon.Jobs;

internal sealed partial class JobRunner
{
    private const int IngestBatch = 500;
    private static readonly TimeSpan IngestFlushInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Streams the input into the ledger in batches, after the <paramref name="alreadyIngested"/>
    /// rows a previous run stored. The first batch is small so the first requests leave at once.
    /// </summary>
    private async Task IngestAsync(DatasetSource? source, long alreadyIngested, CancellationToken cancellationToken)
    {
        source ??= await OpenInputAsync(Spec, cancellationToken).ConfigureAwait(false);
        await using var _ = source.ConfigureAwait(false);
        using var digests = Spec.Cleaning?.SkipDuplicates ?? true ? new PromptDigests(_ledger.Reader, _ledger.Path, Id, _log) : null;
        var preparer = new RowPreparer(source.Columns, Spec.Preparation(), Spec.Input, digests);
        await _ledger.SetColumnsAsync(Id, source.Columns).ConfigureAwait(false);

        var batch = new List<RowInsert>(IngestBatch);
        var total = alreadyIngested;
        var lastFlush = _time.GetTimestamp();
        var firstBatch = Math.Max(1, Math.Min(IngestBatch, Spec.Concurrency * 2));
        var flushed = false;
        await foreach (var row in source.ReadRowsAsync(cancellationToken).ConfigureAwait(false))
        {
            // Rows stored by an earlier run are prepared again (cheap) so that a duplicate of one of them is still found.
            var prepared = preparer.Prepare(row);
            if (row.Index < alreadyIngested)
            {
                // Those rows are stored: whatever digests the store lacked can go to it at once, and not pile up here.
                if (row.Index % IngestBatch == IngestBatch - 1)
                {
                    preparer.Stored();
                }
                continue;
            }

            batch.Add(ToInsert(row, prepared));
            total = row.Index + 1;
            if (batch.Count >= (flushed ? IngestBatch : firstBatch) || _time.GetElapsedTime(lastFlush) >= IngestFlushInterval)
            {
                await FlushAsync(batch, total, totalKnown: false, preparer.Tally.Summary(preparer.Cleaner)).ConfigureAwait(false);
                preparer.Stored();
                lastFlush = _time.GetTimestamp();
                flushed = true;
            }
        }

        await FlushAsync(batch, total, totalKnown: true, preparer.Tally.Summary(preparer.Cleaner)).ConfigureAwait(false);
        digests?.Dispose();
        PromptDigests.Delete(_ledger.Path, Id);
    }

    public static Task<DatasetSource> OpenInputAsync(JobSpec spec, CancellationToken cancellationToken) =>
        DatasetReader.OpenAsync(
            spec.Input,
            new DatasetReadOptions { Sheet = spec.Sheet, Encoding = spec.Encoding, Delimiter = DelimiterOption.Parse(spec.Delimiter), SkipBadRows = spec.SkipBadRows },
            cancellationToken);

    private async Task FlushAsync(List<RowInsert> batch, long total, bool totalKnown, CleaningCounts cleaning)
    {
        var rows = WithCachedAnswers(batch);
        batch.Clear();
        await _ledger.InsertRowsAsync(Id, rows, total, totalKnown, cleaning).ConfigureAwait(false);
        Cleaning = cleaning.ToProtocol();
        Counters.Ingested(total, rows.LongCount(r => r.State == RowState.Skipped), rows.Where(r => r.Cached is not null).ToList(), totalKnown);
        _ingested.Pulse();
    }

    /// <summary>Gives each row to send its fingerprint, and the rows asked before (in any job) their stored answer.</summary>
    private RowInsert[] WithCachedAnswers(List<RowInsert> batch)
    {
        var model = Spec.FingerprintModel();
        var rows = batch
            .Select(r => r.State == RowState.Pending ? r with { Fingerprint = Fingerprint(model, r) } : r)
            .ToArray();
        // A multi-turn row looks each of its turns up as it comes to it (ConversationTurns): its first answer alone is not its result.
        // A row of several answers looks each slot up when it is sent (JobRunner.Slots), under the slot's own fingerprint.
        if (Spec.DisableCache || Spec.MultiTurn || Spec.HasSlots)
        {
            return rows;
        }

        var hits = _ledger.Reader.LookupResponses(rows.Where(r => r.Fingerprint is not null).Select(r => r.Fingerprint!).ToHashSet());
        return hits.Count == 0
            ? rows
            : rows.Select(r => r.Fingerprint is not null && hits.TryGetValue(r.Fingerprint, out var hit) ? r with { Cached = hit } : r).ToArray();
    }

    /// <summary>
    /// The row's fingerprint, over the request as sent (a local image's bytes, not its name, so an edited image is asked
    /// again); null when its image cannot be sent: the row is neither cached nor remembered, and fails with the reason when sent.
    /// </summary>
    private string? Fingerprint(string model, RowInsert row)
    {
        try
        {
            return RequestFingerprint.Compute(model, Spec.RowRequest(row.Question, row.Conversation));
        }
        catch (ImageException)
        {
            return null;
        }
    }

    /// <summary>The ledger row: the cleaned prompt as the question, the cells as read as the source, skipped with the reason when it is not sent.</summary>
    private static RowInsert ToInsert(SourceRow row, PreparedRow prepared)
    {
        var source = JsonSerializer.Serialize(row.Cells);
        return prepared.Skip is { } reason
            ? new RowInsert(row.Index, prepared.Prompt, source, RowState.Skipped, reason, Conversation: prepared.Conversation)
            : new RowInsert(row.Index, prepared.Prompt, source, Conversation: prepared.Conversation);
    }
}
