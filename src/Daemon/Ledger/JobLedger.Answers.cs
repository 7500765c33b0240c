namespace BatchAi.Daemon.Ledger;

/// <summary>The answers of a row with several (schema 12's <c>answers</c> table): each slot stored on its own as it lands.</summary>
internal sealed partial class JobLedger
{
    /// <summary>
    /// Stores (or replaces) one slot's answer, durable before anyone hears of it: a daemon killed after this never asks for the slot
    /// again. With <paramref name="remember"/>, a complete answer also goes into the response cache under the slot's fingerprint in
    /// the same transaction, so another job (or this one's next run) asking the same sample of the same model pays nothing.
    /// </summary>
    /// <remarks>Replacing a slot (a failed one answered again) clears its judge's score: it was the old answer's.</remarks>
    public Task StoreAnswerAsync(SlotAnswer a, bool remember = true) => _writer.WriteAsync(c =>
    {
        c.Execute(
            """
            INSERT OR REPLACE INTO answers (job_id, idx, slot, model, sample, state, answer, reasoning, prompt_tokens, completion_tokens,
                                            finish_reason, error, endpoint, fingerprint, cached, finished_at)
            VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8, $p9, $p10, $p11, $p12, $p13, $p14, $p15)
            """,
            a.JobId, a.Index, a.Slot, a.Model, a.Sample, (int)a.State, a.Answer, a.Reasoning, a.PromptTokens, a.CompletionTokens,
            a.FinishReason, a.Error, a.Endpoint, a.Fingerprint, a.Cached ? 1 : 0, a.FinishedAt is { } f ? Time(f) : null);
        if (remember && !a.Cached && a.State == RowState.Done && a.FinishReason == "stop" && a.Fingerprint is not null && a.Answer is not null)
        {
            c.Execute(
                """
                INSERT OR REPLACE INTO responses (fingerprint, answer, reasoning, prompt_tokens, completion_tokens, finish_reason, model, created_at, endpoint)
                VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8)
                """,
                a.Fingerprint, a.Answer, a.Reasoning, a.PromptTokens, a.CompletionTokens, a.FinishReason, a.Model,
                Time(a.FinishedAt ?? DateTimeOffset.UtcNow), a.Endpoint);
        }
    });

    /// <summary>
    /// Stores the judge's verdict on one stored answer: its score and reason, or (<paramref name="score"/> null) the judge's error
    /// after its last re-ask; either way <c>judged_at</c> is set, so a resumed job never judges it again. The tokens are those the
    /// judge's requests spent, null for a verdict from the response cache.
    /// </summary>
    public Task StoreVerdictAsync(string jobId, long index, int slot, double? score, string? reason, int? promptTokens, int? completionTokens, DateTimeOffset at) =>
        _writer.WriteAsync(c => c.Execute(
            """
            UPDATE answers SET score = $p3, score_reason = $p4, judge_prompt_tokens = $p5, judge_completion_tokens = $p6, judged_at = $p7
            WHERE job_id = $p0 AND idx = $p1 AND slot = $p2
            """,
            jobId, index, slot, score, reason, promptTokens, completionTokens, Time(at)));
}
