namespace BatchAi.Daemon.Ledger;

/// <summary>A job's counts: its rows by state, and the tokens its answers used and it paid for.</summary>
internal sealed partial class LedgerReader
{
    /// <summary>How many of the job's rows are in each state, and the tokens their answers used and the job paid for.</summary>
    /// <param name="byModel">
    /// Also split what was spent by the model that answered, for a job whose answers are priced by model (a pool of several).
    /// It costs the query a sort (a third more time on a large job), which a job of one model does without.
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
                   {(byModel ? "model" : "NULL")}
            FROM rows WHERE job_id = $id GROUP BY state{(byModel ? ", model" : "")}
            """;
        command.Parameters.AddWithValue("$id", jobId);
        using var reader = command.ExecuteReader();
        long[] byState = new long[6];
        long prompt = 0, completion = 0, cached = 0, spentPrompt = 0, spentCompletion = 0;
        var spentByModel = new Dictionary<string, (long Prompt, long Completion)>(StringComparer.Ordinal);
        while (reader.Read())
        {
            byState[reader.GetInt32(0)] += reader.GetInt64(1);
            prompt += reader.GetInt64(2);
            completion += reader.GetInt64(3);
            cached += reader.GetInt64(4);
            spentPrompt += reader.GetInt64(5);
            spentCompletion += reader.GetInt64(6);
            if (reader.GetInt64(5) + reader.GetInt64(6) > 0)
            {
                var model = NullableString(reader, 7) ?? string.Empty;
                var (p, c) = spentByModel.GetValueOrDefault(model);
                spentByModel[model] = (p + reader.GetInt64(5), c + reader.GetInt64(6));
            }
        }

        var counts = new RowCounts(byState[0], byState[1], byState[2], byState[3], byState[4], prompt, completion, cached, spentPrompt, spentCompletion,
            spentByModel.Select(m => new ModelSpend(m.Key.Length == 0 ? null : m.Key, m.Value.Prompt, m.Value.Completion)).ToList(), byState[5]);
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
