using System.Globalization;
using BatchAi.Protocol.Jobs;
using BatchAi.Daemon.Common;

namespace BatchAi.Daemon.Jobs;

/// <summary>What a pilot measured, and the whole job's tokens extrapolated from it.</summary>
internal sealed record PilotMeasure(IReadOnlyList<PilotRow> Rows)
{
    private IReadOnlyList<PilotRow> Answered => Rows.Where(r => r.Error is null && r.CompletionTokens is not null).ToList();

    /// <summary>
    /// Completion tokens: the pilot's average answer times the rows to send. Prompt tokens: our o200k count, scaled by the
    /// provider's own count over ours on the pilot rows, so a model with another tokenizer is counted as it bills.
    /// </summary>
    public (long PromptTokens, long CompletionTokens, string Basis) Extrapolate(long countedPromptTokens, long rowsToSend)
    {
        var answered = Answered;
        if (answered.Count == 0)
        {
            var error = Rows.Select(r => r.Error).FirstOrDefault(e => e is not null) ?? "the provider reported no usage";
            throw new RequestRefusedException(RefusalReason.ProviderConfig, $"The pilot got no answer to measure ({error}); nothing to extrapolate from.");
        }

        var perAnswer = answered.Average(r => (double)r.CompletionTokens!.Value);
        var completion = (long)Math.Round(perAnswer * rowsToSend);
        var prompt = countedPromptTokens;
        var scale = string.Empty;
        var counted = answered.Sum(r => r.CountedPromptTokens);
        if (answered.All(r => r.PromptTokens is not null) && counted > 0 && answered.Sum(r => r.PromptTokens!.Value) != counted)
        {
            var ratio = answered.Sum(r => r.PromptTokens!.Value) / (double)counted;
            prompt = (long)Math.Round(countedPromptTokens * ratio);
            scale = string.Create(CultureInfo.InvariantCulture, $"; prompt tokens scaled by {ratio:0.###}, the provider's count over o200k's on the pilot");
        }

        return (prompt, completion, string.Create(CultureInfo.InvariantCulture,
            $"pilot of {Rows.Count} rows: {perAnswer:0.#} completion tokens per answer on average ({answered.Min(r => r.CompletionTokens)} to {answered.Max(r => r.CompletionTokens)}){scale}"));
    }

    /// <summary>The pilot's own measure and spend; rows from the cache cost nothing.</summary>
    public EstimatePilot Describe(JobPrice? price)
    {
        var sent = Rows.Where(r => r.Sent).ToList();
        long sentPrompt = sent.Sum(r => r.PromptTokens ?? 0), sentCompletion = sent.Sum(r => r.CompletionTokens ?? 0);
        var spent = sent.GroupBy(r => r.Model).Select(g => new Ledger.ModelSpend(g.Key, g.Sum(r => r.PromptTokens ?? 0), g.Sum(r => r.CompletionTokens ?? 0)));
        return new EstimatePilot(Rows.Count, sent.Count, Rows.Sum(r => r.PromptTokens ?? 0), Rows.Sum(r => r.CompletionTokens ?? 0),
            sentPrompt + sentCompletion, price?.Cost(spent), Rows.Count(r => r.Error is not null), ReasksPerRow());
    }

    // Only rows sent with a schema know their re-asks; a cached answer is a valid one whose re-asks were paid before.
    private double? ReasksPerRow()
    {
        var asked = Rows.Where(r => r.Sent && r.Reasks is not null).ToList();
        return asked.Count == 0 ? null : asked.Average(r => (double)r.Reasks!.Value);
    }
}
