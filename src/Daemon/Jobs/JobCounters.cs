using System.Collections.Concurrent;
using BatchAi.Daemon.Ledger;
using BatchAi.Protocol.Jobs;

namespace BatchAi.Daemon.Jobs;

/// <summary>A running job's counts, kept in memory beside the ledger (which they mirror) so progress costs no query.</summary>
internal sealed class JobCounters
{
    private long _total;
    private long _done;
    private long _failed;
    private long _skipped;
    private long _inFlight;
    private long _submitted;
    private long _byBatch;
    private long _promptTokens;
    private long _completionTokens;
    private long _cached;
    private long _reasks;
    private long _reaskFailed;
    private long _answers;
    private long _judged;
    private int _totalKnown;

    // What the job paid for (rows answered by a request, not from the cache), by the model that answered and whether a
    // provider batch answered, so a pool is priced by who answered and a batch answer at the batch price; "" holds the
    // tokens the ledger cannot attribute. The totals are its sums.
    private readonly ConcurrentDictionary<(string Model, bool ByBatch), ModelTokens> _spentByModel = new();

    public long Total => Interlocked.Read(ref _total);

    public bool TotalKnown => Volatile.Read(ref _totalKnown) != 0;

    /// <summary>Rows that reached a final state: done, failed or skipped.</summary>
    public long Finished => Interlocked.Read(ref _done) + Interlocked.Read(ref _failed) + Interlocked.Read(ref _skipped);

    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Prompt and completion tokens of the rows answered by a request (not from the cache): what the job paid for.</summary>
    public (long Prompt, long Completion) Spent
    {
        get
        {
            long prompt = 0, completion = 0;
            foreach (var (_, tokens) in _spentByModel)
            {
                prompt += Interlocked.Read(ref tokens.Prompt);
                completion += Interlocked.Read(ref tokens.Completion);
            }

            return (prompt, completion);
        }
    }

    /// <summary>The tokens paid for, by the model that answered; null for tokens not attributed (answered before the ledger recorded it, or a one-model job loaded without the split).</summary>
    private IEnumerable<ModelSpend> SpentByModel => _spentByModel
        .Select(m => new ModelSpend(m.Key.Model.Length == 0 ? null : m.Key.Model, Interlocked.Read(ref m.Value.Prompt), Interlocked.Read(ref m.Value.Completion),
            m.Key.ByBatch));

    /// <summary>What the tokens paid for cost, each at the price of the model that answered; null without a price.</summary>
    public decimal? Cost(JobPrice? price) => price?.Cost(SpentByModel);

    /// <param name="keepInFlight">Keep the count of rows in flight (requests out while the ledger's counts are read again).</param>
    public void Load(RowCounts counts, long total, bool totalKnown, bool keepInFlight = false)
    {
        Interlocked.Exchange(ref _total, total);
        Volatile.Write(ref _totalKnown, totalKnown ? 1 : 0);
        Interlocked.Exchange(ref _done, counts.Done);
        Interlocked.Exchange(ref _failed, counts.Failed);
        Interlocked.Exchange(ref _skipped, counts.Skipped);
        if (!keepInFlight)
        {
            Interlocked.Exchange(ref _inFlight, 0);
        }

        Interlocked.Exchange(ref _submitted, counts.Submitted);
        Interlocked.Exchange(ref _promptTokens, counts.PromptTokens);
        Interlocked.Exchange(ref _completionTokens, counts.CompletionTokens);
        Interlocked.Exchange(ref _cached, counts.Cached);
        Interlocked.Exchange(ref _byBatch, counts.ByBatch);
        Interlocked.Exchange(ref _answers, counts.Answers);
        Interlocked.Exchange(ref _judged, counts.Judged);
        _spentByModel.Clear();
        foreach (var spent in counts.SpentByModel ?? [])
        {
            AddSpent(spent.Model, spent.ByBatch, spent.PromptTokens, spent.CompletionTokens);
        }
    }

    /// <summary>A batch reached the ledger: some rows skipped, some done already from the response cache.</summary>
    public void Ingested(long total, long skipped, IReadOnlyCollection<RowInsert> cachedRows, bool totalKnown)
    {
        Interlocked.Exchange(ref _total, total);
        Interlocked.Add(ref _skipped, skipped);
        foreach (var row in cachedRows)
        {
            Interlocked.Increment(ref _done);
            Interlocked.Increment(ref _cached);
            Interlocked.Add(ref _promptTokens, row.Cached?.PromptTokens ?? 0);
            Interlocked.Add(ref _completionTokens, row.Cached?.CompletionTokens ?? 0);
        }

        Volatile.Write(ref _totalKnown, totalKnown ? 1 : 0);
    }

    /// <summary>Tokens that belong to no row: a generate job's requests.</summary>
    public void AddTokens(long promptTokens, long completionTokens)
    {
        Interlocked.Add(ref _promptTokens, promptTokens);
        Interlocked.Add(ref _completionTokens, completionTokens);
    }

    /// <summary>An answer did not match the job's schema and is asked again.</summary>
    public void Reasked() => Interlocked.Increment(ref _reasks);

    /// <summary>A row failed because no answer matched the schema.</summary>
    public void GaveUp() => Interlocked.Increment(ref _reaskFailed);

    public void Started() => Interlocked.Increment(ref _inFlight);

    public void Abandoned() => Interlocked.Decrement(ref _inFlight);

    /// <summary>A row answered online (or failed) finished; a provider batch's answers are counted from the ledger as each batch is folded.</summary>
    /// <param name="model">The model that answered, whose price the tokens are charged at.</param>
    public void Completed(bool succeeded, int? promptTokens, int? completionTokens, string? model = null)
    {
        Interlocked.Decrement(ref _inFlight);
        Interlocked.Increment(ref succeeded ? ref _done : ref _failed);
        Interlocked.Add(ref _promptTokens, promptTokens ?? 0);
        Interlocked.Add(ref _completionTokens, completionTokens ?? 0);
        if (promptTokens is not null || completionTokens is not null)
        {
            AddSpent(model, byBatch: false, promptTokens ?? 0, completionTokens ?? 0);
        }
    }

    /// <summary>
    /// One answer of a row with several was stored: its tokens are counted as it lands (not with its row), and those of an answer
    /// asked (not from the cache) are charged to the model that wrote it, so budgets see each answer and each model's price applies.
    /// </summary>
    public void AnswerStored(bool answered, int? promptTokens, int? completionTokens, string? model, bool cached)
    {
        if (answered)
        {
            Interlocked.Increment(ref _answers);
        }

        Interlocked.Add(ref _promptTokens, promptTokens ?? 0);
        Interlocked.Add(ref _completionTokens, completionTokens ?? 0);
        if (!cached && (promptTokens is not null || completionTokens is not null))
        {
            AddSpent(model, byBatch: false, promptTokens ?? 0, completionTokens ?? 0);
        }
    }

    /// <summary>
    /// The judge gave its verdict on an answer (<paramref name="scored"/>), or gave up: the tokens of its requests are spent tokens,
    /// charged to the judge's model (none for a verdict from the response cache).
    /// </summary>
    public void Judged(bool scored, int? promptTokens, int? completionTokens, string model)
    {
        if (scored)
        {
            Interlocked.Increment(ref _judged);
        }

        Interlocked.Add(ref _promptTokens, promptTokens ?? 0);
        Interlocked.Add(ref _completionTokens, completionTokens ?? 0);
        if (promptTokens is not null || completionTokens is not null)
        {
            AddSpent(model, byBatch: false, promptTokens ?? 0, completionTokens ?? 0);
        }
    }

    /// <summary>A multi-turn row all of whose turns came from the response cache: done and cached, its tokens not spent.</summary>
    public void CompletedFromCache(int? promptTokens, int? completionTokens)
    {
        Interlocked.Decrement(ref _inFlight);
        Interlocked.Increment(ref _done);
        Interlocked.Increment(ref _cached);
        Interlocked.Add(ref _promptTokens, promptTokens ?? 0);
        Interlocked.Add(ref _completionTokens, completionTokens ?? 0);
    }

    private void AddSpent(string? model, bool byBatch, long promptTokens, long completionTokens)
    {
        var tokens = _spentByModel.GetOrAdd((model ?? string.Empty, byBatch), static _ => new ModelTokens());
        Interlocked.Add(ref tokens.Prompt, promptTokens);
        Interlocked.Add(ref tokens.Completion, completionTokens);
    }

    public JobCounts Snapshot(double rowsPerSecond, JobPrice? price = null)
    {
        var (spentPrompt, spentCompletion) = Spent;
        var total = Total;
        var done = Interlocked.Read(ref _done);
        var failed = Interlocked.Read(ref _failed);
        var skipped = Interlocked.Read(ref _skipped);
        var inFlight = Math.Max(0, Interlocked.Read(ref _inFlight));
        var submitted = Interlocked.Read(ref _submitted);
        var pending = Math.Max(0, total - done - failed - skipped - inFlight - submitted);
        var remaining = pending + inFlight + submitted;
        double? eta = remaining == 0 ? 0 : rowsPerSecond > 0 && TotalKnown ? Math.Round(remaining / rowsPerSecond, 1) : null;
        return new JobCounts(
            total,
            TotalKnown,
            done,
            failed,
            skipped,
            inFlight,
            pending,
            Interlocked.Read(ref _promptTokens),
            Interlocked.Read(ref _completionTokens),
            Math.Round(rowsPerSecond, 2),
            eta,
            Interlocked.Read(ref _cached),
            spentPrompt + spentCompletion,
            Cost(price),
            price?.Currency,
            submitted,
            Interlocked.Read(ref _reasks),
            Interlocked.Read(ref _reaskFailed),
            Interlocked.Read(ref _byBatch),
            Answers: Interlocked.Read(ref _answers),
            Judged: Interlocked.Read(ref _judged));
    }

    private sealed class ModelTokens
    {
        public long Prompt;
        public long Completion;
    }
}
