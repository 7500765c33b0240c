using System.Threading.Channels;
using BatchAi.Daemon.Ledger;
using BatchAi.Daemon.Providers;
using BatchAi.Protocol.Jobs;
using BatchAi.Daemon.Prompting;
using BatchAi.Daemon.Structured;

namespace BatchAi.Daemon.Jobs;

internal sealed partial class JobRunner
{
    private const int DispatchPage = 256;

    /// <summary>
    /// Hands pending rows, in input order, to <see cref="JobSpec.Concurrency"/> workers until none
    /// are left and the input is read, or the run is asked to stop. Returns why the job failed, if it did.
    /// </summary>
    private async Task<string?> DispatchAsync(Task ingest)
    {
        var stop = _dispatchStop.Token;
        // Twice as many rows in hand as may be in flight: a row waiting out its Retry-After or back-off holds a worker but no
        // request slot (the pool keeps in flight at most Concurrency), so the provider stays busy while some rows wait.
        var workerCount = Workers(Spec.Concurrency);
        var queue = Channel.CreateBounded<WorkRow>(new BoundedChannelOptions(Spec.Concurrency) { SingleWriter = true });
        var workers = Enumerable.Range(0, workerCount).Select(_ => Task.Run(() => WorkAsync(queue.Reader))).ToArray();
        try
        {
            using var connection = _ledger.Reader.Open();
            var after = -1L;
            while (!stop.IsCancellationRequested)
            {
                var wake = _ingested.Next;
                var ingestDone = ingest.IsCompleted; // read before the query: if the input was all read, the query sees every row
                var rows = LedgerReader.NextPending(connection, Id, after, DispatchPage);
                var cut = _cut.Limit; // an auto job's rows from its cut on go by batch
                if (rows.Count == 0 || rows[0].Index >= cut)
                {
                    if (ingestDone)
                    {
                        break;
                    }

                    await Task.WhenAny(wake, ingest).WaitAsync(stop).ConfigureAwait(false);
                    continue;
                }

                foreach (var row in rows.TakeWhile(r => r.Index < cut))
                {
                    await queue.Writer.WriteAsync(row, stop).ConfigureAwait(false);
                    after = row.Index;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        finally
        {
            queue.Writer.TryComplete();
            await Task.WhenAll(workers).ConfigureAwait(false);
        }

        return await EndIngestAsync(ingest).ConfigureAwait(false);
    }

    /// <summary>Awaits the input's reading: why the job failed, if it did (a stop or a ledger fault is not a failure).</summary>
    private async Task<string?> EndIngestAsync(Task ingest)
    {
        try
        {
            await ingest.ConfigureAwait(false);
            return null;
        }
        catch (OperationCanceledException) when (_dispatchStop.IsCancellationRequested)
        {
            return null;
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            LedgerFault(e);
            return null;
        }
        catch (Exception e)
        {
            _log($"job {Id}: reading {Spec.Input} failed: {e.Message}");
            return e.Message;
        }
    }

    /// <summary>Rows a job keeps in hand at once for <paramref name="concurrency"/> requests in flight.</summary>
    public static int Workers(int concurrency) => concurrency * 2;

    private void LedgerFault(Exception e)
    {
        _log($"job {Id}: ledger write failed: {e.Message}");
        RequestStop(StopReason.LedgerFault,
            $"Paused: could not write the ledger {_ledger.Path}: {e.Message}. The job goes on by itself once the ledger can be written again.");
    }

    private async Task WorkAsync(ChannelReader<WorkRow> queue)
    {
        // A worker's last answer is committed while its next request is out: at most one answer per worker waits for
        // the group commit, and no request waits for one (at 1,000 in flight the wait cost 5% of the provider's time).
        var stored = Task.CompletedTask;
        await foreach (var row in queue.ReadAllAsync().ConfigureAwait(false))
        {
            // Rows still queued when the run stops were never marked in flight: they stay pending. So does a row an auto job's
            // cut has passed meanwhile: the batch side sends it.
            if (!_dispatchStop.IsCancellationRequested && _cut.TryClaim(row.Index))
            {
                stored = await ProcessAsync(row, stored).ConfigureAwait(false);
            }
        }

        await stored.ConfigureAwait(false);
    }

    /// <summary>Sends one row; returns its answer's store, still committing, once <paramref name="previous"/> is stored.</summary>
    private async Task<Task> ProcessAsync(WorkRow row, Task previous)
    {
        var attempts = row.Attempts;
        var reasks = 0;
        var started = _time.GetTimestamp();
        Counters.Started();
        _ledger.MarkInFlight(Id, row.Index, _time.GetUtcNow());
        RowResult result;
        try
        {
            if (_turns is not null)
            {
                result = await _turns.RunAsync(row, new RowTokenSink(_hub, Id, row.Index), () => Interlocked.Increment(ref attempts),
                    () => Volatile.Read(ref attempts), started, _abort.Token).ConfigureAwait(false);
                await previous.ConfigureAwait(false);
                return StoreAsync(row, result, 0);
            }

            var sink = new RowTokenSink(_hub, Id, row.Index);
            if (_slots is { } slots)
            {
                var answered = await AnswerSlotsAsync(row, slots, sink, () => Interlocked.Increment(ref attempts), () => Volatile.Read(ref attempts), started)
                    .ConfigureAwait(false);
                if (answered is null)
                {
                    Abandon(row, attempts);
                    return previous;
                }

                await previous.ConfigureAwait(false);
                return StoreAsync(row, answered.Result, answered.Reasks, answered.Answers);
            }

            var request = Spec.RowRequest(row.Question, row.Conversation);
            if (_schema is { } schema)
            {
                var structured = await Reasker.AskAsync(
                    request, schema, Spec.AnswerFormat!.MaxReasks,
                    (r, ct) => _chat!.CompleteAsync(r, sink, () => Interlocked.Increment(ref attempts), ct),
                    () => { sink.OnReset(); Counters.Reasked(); },
                    _abort.Token).ConfigureAwait(false);
                reasks = structured.Reasks;
                var last = structured.Last;
                // A row that never validates is failed with the errors, its last answer kept for inspection (getRows, exports).
                result = new RowResult(Id, row.Index, structured.Check.IsValid ? RowState.Done : RowState.Failed, attempts, last.Answer, last.Reasoning,
                    structured.PromptTokens, structured.CompletionTokens, last.FinishReason, structured.Error is { } error ? $"row {row.Index}: {error}" : null,
                    _time.GetUtcNow(), (long)_time.GetElapsedTime(started).TotalMilliseconds, last.Origin?.Model, last.Origin?.Endpoint);
            }
            else
            {
                var answer = await _chat!.CompleteAsync(request, sink, () => Interlocked.Increment(ref attempts), _abort.Token).ConfigureAwait(false);
                result = new RowResult(Id, row.Index, RowState.Done, attempts, answer.Answer, answer.Reasoning, answer.PromptTokens,
                    answer.CompletionTokens, answer.FinishReason, null, _time.GetUtcNow(), (long)_time.GetElapsedTime(started).TotalMilliseconds,
                    answer.Origin?.Model, answer.Origin?.Endpoint);
            }
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            Abandon(row, attempts);
            return previous;
        }
        catch (ProviderException e) when (e.Fault == ProviderFault.KeyRefused)
        {
            Abandon(row, attempts);
            RequestStop(StopReason.KeyRefused, $"Paused: {e.Message}. Fix the key, then resumeJob.");
            return previous;
        }
        catch (ProviderException e) when (e.Fault == ProviderFault.QuotaSpent)
        {
            // Retrying cannot help until the provider or the user refills the quota: every row would wait in vain.
            Abandon(row, attempts);
            RequestStop(StopReason.KeyRefused, $"Paused: {e.Message}. The provider's quota is spent; resumeJob once it is refilled (or with another key or endpoint).");
            return previous;
        }
        catch (Microsoft.Data.Sqlite.SqliteException e) when (_turns is not null || _slots is not null)
        {
            // A multi-turn row's checkpoint (or a slot's answer) could not be written: what was stored before it is kept.
            Abandon(row, attempts);
            LedgerFault(e);
            return previous;
        }
        catch (Exception e)
        {
            result = new RowResult(Id, row.Index, RowState.Failed, attempts, null, null, null, null, null,
                $"row {row.Index}: {e.Message}", _time.GetUtcNow(), (long)_time.GetElapsedTime(started).TotalMilliseconds);
        }

        await previous.ConfigureAwait(false);
        return StoreAsync(row, result, reasks);
    }

    /// <param name="answers">A row of several answers: every slot's, each stored and counted as it landed.</param>
    private async Task StoreAsync(WorkRow row, RowResult result, int reasks, IReadOnlyList<SlotAnswer>? answers = null)
    {
        try
        {
            // Durable before anyone hears of it: a client never sees an answer the ledger could lose.
            // A multi-turn row's fingerprint is its first turn's, not its answer's: each turn was remembered as it came; so was each slot.
            await _ledger.CompleteAsync(result, remember: _turns is null && answers is null).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Abandon(row, result.Attempts);
            LedgerFault(e);
            return;
        }

        var succeeded = result.State == RowState.Done;
        if (answers is not null)
        {
            // Each slot's tokens were counted as it was stored.
            Counters.Completed(succeeded, null, null);
        }
        else if (_turns is null)
        {
            Counters.Completed(succeeded, result.PromptTokens, result.CompletionTokens, result.Model);
        }
        else
        {
            // The tokens of turns checkpointed before this run were counted when the job was loaded: only this run's are new.
            var prompt = result.PromptTokens - (row.PromptTokens ?? 0);
            var completion = result.CompletionTokens - (row.CompletionTokens ?? 0);
            if (result.Cached)
            {
                Counters.CompletedFromCache(prompt, completion);
            }
            else
            {
                Counters.Completed(succeeded, prompt, completion, result.Model);
            }
        }

        if (_schema is not null && !succeeded && result.Answer is not null && answers is null)
        {
            Counters.GaveUp();
        }

        if (!succeeded)
        {
            LastError = result.Error;
        }

        _hub.RowCompleted(new JobRowCompleted(Id, row.Index, succeeded, result.Answer, result.Error, result.FinishReason,
            result.Attempts, result.PromptTokens, result.CompletionTokens, result.Model)
        {
            Reasks = _schema is null ? null : reasks,
            Answers = answers?.Select(RowAnswers.ToProtocol).ToList(),
        });
        if (Spec.Budget is not null && BudgetMessage() is { } reached)
        {
            // Stop sending: answers in flight are paid for already, so they land and are kept, as with a pause.
            RequestStop(StopReason.Budget, reached);
        }
    }

    private void Abandon(WorkRow row, int attempts)
    {
        _ledger.ReturnToPending(Id, row.Index, attempts);
        Counters.Abandoned();
    }
}
