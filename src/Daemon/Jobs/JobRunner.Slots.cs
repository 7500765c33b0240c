using System.Collections.Concurrent;
using BatchAi.Daemon.Ledger;
using BatchAi.Daemon.Prompting;
using BatchAi.Daemon.Providers;
using BatchAi.Daemon.Scheduling;
using BatchAi.Daemon.Structured;

namespace BatchAi.Daemon.Jobs;

/// <summary>
/// A row of several answers (<see cref="AnswerSlots"/>): each slot not yet stored is taken from the response cache or asked,
/// a model's samples in one request with <c>n</c> when none is stored yet (the endpoint that ignores <c>n</c> answers one, and
/// the rest are asked one by one), else each missing sample alone; every slot is stored as it lands, so a resumed row asks only
/// the slots it lacks, and none twice.
/// </summary>
internal sealed partial class JobRunner
{
    /// <summary>
    /// The row's slots asked and stored; its result, once <see cref="SlotOutcome"/> says it is finished, or null when the run
    /// stopped before every slot was asked (the row goes back to pending, its stored slots kept).
    /// </summary>
    private async Task<SlotRowResult?> AnswerSlotsAsync(WorkRow row, AnswerSlots slots, IChatDeltaSink sink, Action onAttempt, Func<int> attempts, long started)
    {
        var request = Spec.RowRequest(row.Question, row.Conversation);
        var stored = new ConcurrentDictionary<int, SlotAnswer>();
        foreach (var answer in _ledger.Reader.ReadAnswers(Id, row.Index))
        {
            stored[answer.Slot] = answer;
        }

        await TakeCachedAsync(row, slots, request, stored).ConfigureAwait(false);
        var reasks = 0;
        var ask = new SlotAsker(this, row, slots, request, stored, sink, onAttempt, () => Interlocked.Increment(ref reasks));
        await Task.WhenAll(slots.Plan(stored.Keys.ToHashSet()).Select(ask.RunAsync)).ConfigureAwait(false);
        if (_judge is { } judge)
        {
            await JudgeSlotsAsync(judge, row, request, stored, onAttempt).ConfigureAwait(false);
        }

        var answers = stored.Values.OrderBy(a => a.Slot).ToList();
        if (SlotOutcome.Decide(slots, answers, judged: _judge is not null) is not { } state)
        {
            // The run is stopping (a pause, a budget): slots not asked (or judged) yet are left for the next run, which asks only those.
            return _dispatchStop.IsCancellationRequested
                ? null
                : throw new InvalidOperationException($"{slots.Count - answers.Count} of the row's answers were neither answered nor failed, or not judged");
        }

        var lead = SlotOutcome.Lead(answers);
        var result = new RowResult(Id, row.Index, state, attempts(), lead?.Answer, lead?.Reasoning, Sum(answers.Select(a => a.PromptTokens)),
            Sum(answers.Select(a => a.CompletionTokens)), lead?.FinishReason, state == RowState.Done ? null : SlotOutcome.Error(row.Index, answers),
            _time.GetUtcNow(), (long)_time.GetElapsedTime(started).TotalMilliseconds, lead?.Model, lead?.Endpoint, answers.All(a => a.Cached));
        return new SlotRowResult(result, reasks, answers);
    }

    /// <summary>The fingerprint of one slot's request: its sample's, with its model (or the pool's set of models, as a plain row's).</summary>
    private string SlotFingerprint(AnswerSlots slots, ChatRequest request, int slot) =>
        RequestFingerprint.Compute(slots.ByModel ? slots.ModelOf(slot) : Spec.FingerprintModel(), request.ForSamples(slots.SampleOf(slot)));

    /// <summary>Slots asked before (by any job, unless this one says not to) are stored from the cache, without a request.</summary>
    private async Task TakeCachedAsync(WorkRow row, AnswerSlots slots, ChatRequest request, ConcurrentDictionary<int, SlotAnswer> stored)
    {
        if (Spec.DisableCache)
        {
            return;
        }

        var missing = Enumerable.Range(0, slots.Count).Where(s => !stored.ContainsKey(s)).ToDictionary(s => s, s => SlotFingerprint(slots, request, s));
        var hits = _ledger.Reader.LookupResponses(missing.Values.ToHashSet());
        foreach (var (slot, fingerprint) in missing)
        {
            if (hits.TryGetValue(fingerprint, out var hit))
            {
                await StoreSlotAsync(stored, new SlotAnswer(Id, row.Index, slot, hit.Model ?? slots.ModelOf(slot), slots.SampleOf(slot), RowState.Done,
                    hit.Answer, hit.Reasoning, hit.PromptTokens, hit.CompletionTokens, hit.FinishReason, null, hit.Endpoint, fingerprint, Cached: true,
                    _time.GetUtcNow())).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Stores one slot's answer (durable before it counts), and stops the job once its budget is spent.</summary>
    private async Task StoreSlotAsync(ConcurrentDictionary<int, SlotAnswer> stored, SlotAnswer answer)
    {
        await _ledger.StoreAnswerAsync(answer).ConfigureAwait(false);
        stored[answer.Slot] = answer;
        Counters.AnswerStored(answer.IsDone, answer.PromptTokens, answer.CompletionTokens, answer.Model, answer.Cached);
        if (Spec.Budget is not null && BudgetMessage() is { } reached)
        {
            RequestStop(StopReason.Budget, reached);
        }
    }

    /// <summary>The endpoint status of the job's pool and, with models, of each model's own pool.</summary>
    private IReadOnlyList<Protocol.Jobs.EndpointStatus>? PoolStatus()
    {
        if (_pool is null)
        {
            return null;
        }

        var others = (_modelChats?.Select(c => c.Pool) ?? []).Append(_judgeChat?.Pool).OfType<EndpointPool>().Where(p => p != _pool).Distinct().ToList();
        return others.Count == 0 ? _pool.Status() : [.. _pool.Status(), .. others.SelectMany(p => p.Status())];
    }

    /// <summary>The way to one slot's model: its own pool with models, else the job's.</summary>
    private ResilientChat ChatFor(AnswerSlots slots, int modelIndex) => slots.ByModel && _modelChats is { } chats ? chats[modelIndex].Chat : _chat!;

    private static int? Sum(IEnumerable<int?> values) => values.Aggregate((int?)null, (total, v) => total is null && v is null ? null : (total ?? 0) + (v ?? 0));

    /// <summary>What puts the row back to pending instead of failing a slot (as for a plain row): a stop, a refused key, a spent quota.</summary>
    private bool Abandons(Exception e) =>
        (e is OperationCanceledException && _abort.IsCancellationRequested)
        || e is ProviderException { Fault: ProviderFault.KeyRefused or ProviderFault.QuotaSpent };

    private sealed record SlotRowResult(RowResult Result, int Reasks, IReadOnlyList<SlotAnswer> Answers);
}
