using System.Collections.Concurrent;
using BatchAi.Daemon.Judging;
using BatchAi.Daemon.Ledger;
using BatchAi.Daemon.Prompting;
using BatchAi.Daemon.Providers;

namespace BatchAi.Daemon.Jobs;

/// <summary>
/// A judged job's row (<see cref="JobSpec.Judge"/>): once its slots are answered, each answer not judged yet is scored by the
/// judge, a request through the judge's endpoints or the job's pool, its retries, the response cache (a verdict asked before
/// under the same fingerprint costs nothing) and the budget (the judge's tokens are spent tokens, at the judge's model's
/// price). Each verdict is stored on the answer's record as it lands, so a resumed row judges only the answers still unjudged,
/// and none twice; an answer the judge never gave a valid verdict for is stored with the judge's error and not asked again.
/// </summary>
internal sealed partial class JobRunner
{
    private int? _referenceColumn;

    private async Task JudgeSlotsAsync(Judge judge, WorkRow row, ChatRequest request, ConcurrentDictionary<int, SlotAnswer> stored, Action onAttempt)
    {
        var unjudged = stored.Values.Where(a => a.IsDone && a.JudgedAt is null).OrderBy(a => a.Slot).ToList();
        if (unjudged.Count == 0 || _dispatchStop.IsCancellationRequested)
        {
            // Stopping (a pause, a budget): no new request leaves; the next run judges what is left.
            return;
        }

        var reference = Reference(row.Index);
        var chat = (_judgeChat?.Chat ?? _chat)!;
        var model = JobJudge.FingerprintModel(Spec);
        await Task.WhenAll(unjudged.Select(async answer =>
        {
            var judgeRequest = judge.Request(request.Messages, answer.Answer ?? string.Empty, reference);
            var fingerprint = RequestFingerprint.Compute(model, judgeRequest);
            if (_dispatchStop.IsCancellationRequested)
            {
                return;
            }

            JudgeOutcome outcome;
            if (!Spec.DisableCache && _ledger.Reader.LookupResponses([fingerprint]).TryGetValue(fingerprint, out var hit) && Verdict.Read(hit.Answer) is { } cached)
            {
                // Asked before: its tokens were paid then.
                outcome = new JudgeOutcome(cached, null, null, null, 0);
            }
            else
            {
                ChatAnswer? last = null;
                try
                {
                    outcome = await judge.AskAsync(judgeRequest, async (r, ct) => last = await chat.CompleteAsync(r, NoDeltaSink.Instance, onAttempt, ct).ConfigureAwait(false),
                        _abort.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (!Abandons(e))
                {
                    // The judge could not be reached after every retry: the answer stays, unjudged, with why.
                    outcome = new JudgeOutcome(null, $"the judge failed: {e.Message}", null, null, 0);
                }

                if (outcome.Judged && last is not null)
                {
                    // Remembered under the first request's fingerprint, as a structured row's valid answer is.
                    await _ledger.RememberAsync(fingerprint, new CachedResponse(last.Answer, last.Reasoning, last.PromptTokens, last.CompletionTokens,
                        last.FinishReason, last.Origin?.Model, last.Origin?.Endpoint), model, _time.GetUtcNow()).ConfigureAwait(false);
                }
            }

            await StoreVerdictAsync(stored, answer, outcome).ConfigureAwait(false);
        })).ConfigureAwait(false);
    }

    /// <summary>Stores a verdict on its answer (durable before it counts), and stops the job once its budget is spent.</summary>
    private async Task StoreVerdictAsync(ConcurrentDictionary<int, SlotAnswer> stored, SlotAnswer answer, JudgeOutcome outcome)
    {
        var at = _time.GetUtcNow();
        var reason = outcome.Verdict?.Reason ?? outcome.Error;
        await _ledger.StoreVerdictAsync(Id, answer.Index, answer.Slot, outcome.Verdict?.Score, reason, outcome.PromptTokens, outcome.CompletionTokens, at)
            .ConfigureAwait(false);
        stored[answer.Slot] = answer with
        {
            Score = outcome.Verdict?.Score,
            ScoreReason = reason,
            JudgePromptTokens = outcome.PromptTokens,
            JudgeCompletionTokens = outcome.CompletionTokens,
            JudgedAt = at,
        };
        Counters.Judged(outcome.Judged, outcome.PromptTokens, outcome.CompletionTokens, JobJudge.Model(Spec));
        if (Spec.Budget is not null && BudgetMessage() is { } reached)
        {
            RequestStop(StopReason.Budget, reached);
        }
    }

    /// <summary>The row's reference answer from the judge's reference column (checked against the input when the job started).</summary>
    private string? Reference(long index)
    {
        if (Spec.Judge?.ReferenceColumn is not { } column)
        {
            return null;
        }

        if (_referenceColumn is not { } at)
        {
            var columns = _ledger.Reader.GetJob(Id)?.Columns ?? [];
            _referenceColumn = at = Ingest.QuestionColumn.Resolve(columns, column, Spec.Input);
        }

        return _ledger.Reader.SourceCell(Id, index, at) ?? string.Empty;
    }
}
