namespace BatchAi.Daemon.Ledger;

/// <summary>A job's counts: its rows by state, and the tokens its answers used and it paid for.</summary>
internal sealed partial class LedgerReader
{
    /// <summary>
    /// How many of the job's rows are in each state, and the tokens their answers used and the job paid for; of the rows
    /// done, those a provider batch answered (their <c>batch</c> set), whose spend is apart since it is charged at batch prices.
    /// </summary>
    /// <param name="byModel">
    /// Also split what was spent by the model that answered, for a job whose answers are priced by model (a pool of several).
    /// It costs the query a sort (a third more time on a large job), which a job of one model does without. The batch split
    /// costs no sort: it is summed beside the rest in each group.
    /// </param>
    /// <param name="answers">
    /// The job has several answers per row (samples, models, a judge): its tokens are its answers' (every slot stored, those of
    /// rows still in flight too), split by the model of each, and <see cref="RowCounts.Answers"/> counts them.
    /// </param>
    /// <param name="judgeModel">A judged job's judge model: the judge's tokens are spent tokens, charged to it.</param>
    public RowCounts Count(string jobId, bool byModel = false, bool answers = false, string? judgeModel = null)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT state, COUNT(*), COALESCE(SUM(prompt_tokens), 0), COALESCE(SUM(completion_tokens), 0), COALESCE(SUM(cached), 0),
                   COALESCE(SUM(CASE WHEN cached = 0 THEN prompt_tokens END), 0), COALESCE(SUM(CASE WHEN cached = 0 THEN completion_tokens END), 0),
                   {(byModel ? "model" : "NULL")},
                   COALESCE(SUM(CASE WHEN cached = 0 AND batch IS NOT NULL THEN prompt_tokens END), 0),
                   COALESCE(SUM(CASE WHEN cached = 0 AND batch IS NOT NULL THEN completion_tokens END), 0),
                   COALESCE(SUM(batch IS NOT NULL), 0)
            FROM rows WHERE job_id = $id GROUP BY state{(byModel ? ", model" : "")}
            """;
        command.Parameters.AddWithValue("$id", jobId);
        using var reader = command.ExecuteReader();
        long[] byState = new long[6];
        long prompt = 0, completion = 0, cached = 0, spentPrompt = 0, spentCompletion = 0, byBatch = 0;
        var spentByModel = new Dictionary<(string Model, bool ByBatch), (long Prompt, long Completion)>();
        void Spend(string model, bool batch, long promptSpent, long completionSpent)
        {
            if (promptSpent + completionSpent > 0)
            {
                var (p, c) = spentByModel.GetValueOrDefault((model, batch));
                spentByModel[(model, batch)] = (p + promptSpent, c + completionSpent);
            }
        }

        while (reader.Read())
        {
            var state = reader.GetInt32(0);
            byState[state] += reader.GetInt64(1);
            prompt += reader.GetInt64(2);
            completion += reader.GetInt64(3);
            cached += reader.GetInt64(4);
            spentPrompt += reader.GetInt64(5);
            spentCompletion += reader.GetInt64(6);
            var model = NullableString(reader, 7) ?? string.Empty;
            long batchPrompt = reader.GetInt64(8), batchCompletion = reader.GetInt64(9);
            Spend(model, false, reader.GetInt64(5) - batchPrompt, reader.GetInt64(6) - batchCompletion);
            Spend(model, true, batchPrompt, batchCompletion);
            if (state == (int)RowState.Done)
            {
                byBatch += reader.GetInt64(10);
            }
        }

        var counts = new RowCounts(byState[0], byState[1], byState[2], byState[3], byState[4], prompt, completion, cached, spentPrompt, spentCompletion,
            spentByModel.Select(m => new ModelSpend(m.Key.Model.Length == 0 ? null : m.Key.Model, m.Value.Prompt, m.Value.Completion, m.Key.ByBatch)).ToList(),
            byState[5], byBatch);
        if (!answers)
        {
            return counts;
        }

        var slots = CountAnswers(jobId);
        IReadOnlyList<ModelSpend> judge = slots.JudgePromptTokens + slots.JudgeCompletionTokens > 0
            ? [new ModelSpend(judgeModel, slots.JudgePromptTokens, slots.JudgeCompletionTokens)]
            : [];
        return counts with
        {
            PromptTokens = slots.PromptTokens + slots.JudgePromptTokens,
            CompletionTokens = slots.CompletionTokens + slots.JudgeCompletionTokens,
            SpentPromptTokens = slots.SpentPromptTokens + slots.JudgePromptTokens,
            SpentCompletionTokens = slots.SpentCompletionTokens + slots.JudgeCompletionTokens,
            SpentByModel = [.. slots.SpentByModel, .. judge],
            Answers = slots.Done,
            Judged = slots.Judged,
        };
    }
}
