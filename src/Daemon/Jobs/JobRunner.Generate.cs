using BatchAi.Daemon.Generation;
using BatchAi.Daemon.Ledger;
using BatchAi.Daemon.Providers;
using BatchAi.Protocol.Generation;
using BatchAi.Protocol.Jobs;
using BatchAi.Daemon.Prompting;

namespace BatchAi.Daemon.Jobs;

/// <summary>
/// A generate job's run: batches of questions asked in parallel through the job's endpoint pool (with its retries), each
/// reply parsed, judged against the set (duplicates, near-duplicates), and what is new stored with the request before anyone
/// hears of it. It stops at the count, at the bound on requests, or when replies in a row bring nothing new.
/// </summary>
internal sealed partial class JobRunner
{
    private readonly object _generationGate = new();
    private GenerationTotals _generation = GenerationTotals.None;

    /// <summary>Why the last generate run stopped short of the count, for the completion message; null when it reached it.</summary>
    private string? _shortBecause;

    public string Kind => Spec.Generation is null ? JobKinds.Answer : JobKinds.Generate;

    /// <summary>The job's counts from the ledger; a generate job adds its requests' tokens, which belong to no one question.</summary>
    private void LoadCounters(JobRecord record, bool keepInFlight = false)
    {
        // Only a pool of several models prices its answers by model; one model's are all at its price, known or not.
        Counters.Load(_ledger.Reader.Count(Id, byModel: Spec.SoleModel() is null, answers: Spec.HasSlots, judgeModel: Spec.Judge is null ? null : JobJudge.Model(Spec)),
            record.Total, record.TotalKnown, keepInFlight);
        if (Spec.Generation is not null)
        {
            _generation = _ledger.Reader.ReadGenerationTotals(Id, GenerationSpec.FruitlessLimit);
            Counters.AddTokens(_generation.PromptTokens, _generation.CompletionTokens);
        }
    }

    private async Task<string?> GenerateAsync()
    {
        var spec = Spec.Generation!;
        var set = new QuestionSet(spec.Similarity);
        foreach (var question in _ledger.Reader.ReadQuestions(Id))
        {
            set.TryAdd(question, out _);
        }

        // Replies that brought nothing new count on from the last run: the stopping rule is over the job, not over one run.
        // Failures in a row start again from none, as a resume is the user saying the cause is fixed.
        var state = new GenerationState(set, _generation.Requests, _generation.NextSeq) { FruitlessInRow = _generation.FruitlessInRow };
        _shortBecause = null;
        using var enough = CancellationTokenSource.CreateLinkedTokenSource(_abort.Token);
        var batches = (spec.Count - set.Count + spec.BatchSize - 1) / spec.BatchSize;
        var workers = Enumerable.Range(0, Math.Clamp(batches, 1, Spec.Concurrency))
            .Select(_ => Task.Run(() => AskAsync(spec, state, enough)))
            .ToArray();
        await Task.WhenAll(workers).ConfigureAwait(false);

        if (state.Failure is not null)
        {
            return state.Failure;
        }

        if (set.Count < spec.Count && !_dispatchStop.IsCancellationRequested)
        {
            _shortBecause = state.FruitlessInRow >= GenerationSpec.FruitlessLimit
                ? $"{GenerationSpec.FruitlessLimit} replies in a row brought no question that was not a duplicate or near-duplicate of one accepted"
                : $"the bound of {spec.MaxRequests} requests was reached";
        }

        return null;
    }

    /// <summary>One worker: asks for a batch, judges it, stores what is new, until there is nothing more to ask.</summary>
    private async Task AskAsync(GenerationSpec spec, GenerationState state, CancellationTokenSource enough)
    {
        while (true)
        {
            long seq;
            CoveredQuestions covered;
            lock (_generationGate)
            {
                if (_dispatchStop.IsCancellationRequested || enough.IsCancellationRequested || state.Set.Count >= spec.Count
                    || state.Requests >= spec.MaxRequests || state.FruitlessInRow >= GenerationSpec.FruitlessLimit
                    || state.FailedInRow >= GenerationSpec.FailureLimit)
                {
                    return;
                }

                seq = state.NextSeq++;
                state.Requests++;
                covered = state.Set.Covered();
            }

            var prompt = GenerationPrompt.Build(spec.SeedPrompt, spec.BatchSize, seq, covered);
            ChatAnswer answer;
            try
            {
                answer = await _chat!.CompleteAsync(new ChatRequest(prompt, Spec.SystemPrompt, Spec.Temperature, Spec.MaxTokens), NoDeltaSink.Instance, () => { },
                    enough.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (enough.IsCancellationRequested)
            {
                return; // paused, cancelled, or the count was reached by another worker: an abandoned request is not stored
            }
            catch (ProviderException e) when (e.Fault is ProviderFault.KeyRefused or ProviderFault.QuotaSpent)
            {
                RequestStop(StopReason.KeyRefused, e.Fault == ProviderFault.KeyRefused
                    ? $"Paused: {e.Message}. Fix the key, then resumeJob."
                    : $"Paused: {e.Message}. The provider's quota is spent; resumeJob once it is refilled.");
                return;
            }
            catch (Exception e)
            {
                await FailedRequestAsync(state, seq, e).ConfigureAwait(false);
                continue;
            }

            if (!await JudgeAsync(spec, state, seq, answer).ConfigureAwait(false))
            {
                return;
            }

            if (state.Set.Count >= spec.Count)
            {
                // The rest of the requests in flight can only bring questions beyond the count.
                await enough.CancelAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Judges a reply's questions and stores the new ones with the request; false when the ledger could not be written.</summary>
    private async Task<bool> JudgeAsync(GenerationSpec spec, GenerationState state, long seq, ChatAnswer answer)
    {
        var candidates = QuestionListParser.Parse(answer.Answer);
        var accepted = new List<(long Index, string Question)>();
        int duplicates = 0, near = 0;
        Task stored;
        lock (_generationGate)
        {
            foreach (var candidate in candidates)
            {
                if (state.Set.Count >= spec.Count)
                {
                    break;
                }

                var index = state.Set.Count;
                switch (state.Set.TryAdd(candidate, out var question))
                {
                    case QuestionVerdict.Accepted:
                        accepted.Add((index, question));
                        break;
                    case QuestionVerdict.Duplicate:
                        duplicates++;
                        break;
                    case QuestionVerdict.NearDuplicate:
                        near++;
                        break;
                }
            }

            state.FailedInRow = 0;
            state.FruitlessInRow = accepted.Count == 0 ? state.FruitlessInRow + 1 : 0;
            state.Duplicates += duplicates;
            state.NearDuplicates += near;
            // Queued under the lock, so the ledger receives the questions in the order of their indexes.
            stored = _ledger.StoreGenerationAsync(Id, new GenerationRequest(seq, candidates.Count, accepted.Count, duplicates, near,
                answer.PromptTokens, answer.CompletionTokens, null, _time.GetUtcNow()), accepted);
        }

        try
        {
            // Durable before anyone hears of it, as an answer is.
            await stored.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            LedgerFault(e);
            return false;
        }

        Counters.AddTokens(answer.PromptTokens ?? 0, answer.CompletionTokens ?? 0);
        foreach (var (index, question) in accepted)
        {
            Counters.Completed(succeeded: true, null, null);
            _hub.QuestionAccepted(new JobQuestionAccepted(Id, index, question));
        }

        return true;
    }

    private async Task FailedRequestAsync(GenerationState state, long seq, Exception e)
    {
        var message = $"request {seq + 1}: {e.Message}";
        LastError = message;
        lock (_generationGate)
        {
            state.FailedInRow++;
            if (state.FailedInRow >= GenerationSpec.FailureLimit)
            {
                state.Failure = $"{state.FailedInRow} requests in a row failed; the last: {message}";
            }
        }

        try
        {
            await _ledger.StoreGenerationAsync(Id, new GenerationRequest(seq, 0, 0, 0, 0, null, null, message, _time.GetUtcNow()), []).ConfigureAwait(false);
        }
        catch (Exception fault)
        {
            LedgerFault(fault);
        }
    }

    /// <summary>The completion message of a generate job: how many it got and, when short, why.</summary>
    private string GeneratedMessage(long written)
    {
        var totals = _ledger.Reader.ReadGenerationTotals(Id);
        var tally = $"{totals.Requests} requests; {totals.Duplicates} duplicates and {totals.NearDuplicates} near-duplicates left out";
        return _shortBecause is null
            ? $"{written} questions written to {Spec.Output} ({tally})"
            : $"{written} of {Spec.Generation!.Count} questions written to {Spec.Output}: {_shortBecause} ({tally})";
    }

    /// <summary>What the workers of one run share, guarded by <see cref="_generationGate"/>.</summary>
    private sealed class GenerationState(QuestionSet set, long requests, long nextSeq)
    {
        public QuestionSet Set { get; } = set;

        public long Requests { get; set; } = requests;

        public long NextSeq { get; set; } = nextSeq;

        public int FruitlessInRow { get; set; }

        public int FailedInRow { get; set; }

        public long Duplicates { get; set; }

        public long NearDuplicates { get; set; }

        public string? Failure { get; set; }
    }
}
