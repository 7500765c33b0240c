namespace BatchAi.Daemon.Ledger;

/// <summary>
/// Stores the rows' outcomes read from a batch's result file. Each is stored only while its row is not done or skipped,
/// checked in the same statement that stores it: a line folded twice (the same file imported again, a duplicate line, a
/// daemon that died after storing and before noting it) changes nothing the second time.
/// </summary>
internal static class ResultFolding
{
    /// <summary>
    /// Stores each result (done, failed, or pending again for a passing failure), one attempt more, and (outside a batch job's own
    /// batch) each complete answer in the response cache; returns, for each, whether it was stored (false: no such row, or it is done or skipped,
    /// or, for a failure, failed already). A passing failure imported twice counts one attempt more on a row pending again.
    /// </summary>
    /// <param name="batch">
    /// For a batch job's own batch: the file's seq. A result is then stored only into a row still submitted in that batch, so a
    /// line folded again after a restart, or a row since sent in another batch, changes nothing.
    /// </param>
    public static Task<bool[]> FoldAsync(this JobLedger ledger, IReadOnlyList<RowResult> results, int? batch = null) => ledger.Writer.WriteAsync(c =>
    {
        var stored = new bool[results.Count];
        for (var i = 0; i < results.Count; i++)
        {
            var r = results[i];
            stored[i] = c.Execute(
                """
                UPDATE rows SET state = $p2, attempts = attempts + 1, answer = $p3, reasoning = $p4, prompt_tokens = $p5, completion_tokens = $p6,
                                finish_reason = $p7, error = COALESCE($p8, CASE WHEN $p2 = $p12 THEN NULL ELSE error END), finished_at = $p9, model = $p10, endpoint = $p11, cached = 0,
                                batch = CASE WHEN $p2 = $p17 THEN NULL ELSE batch END
                WHERE job_id = $p0 AND idx = $p1 AND state NOT IN ($p12, $p13, $p14)
                      AND ($p15 IS NULL OR (state = $p16 AND batch = $p15))
                """,
                r.JobId, r.Index, (int)r.State, r.Answer, r.Reasoning, r.PromptTokens, r.CompletionTokens, r.FinishReason, r.Error,
                JobLedger.Time(r.FinishedAt), r.Model, r.Endpoint, (int)RowState.Done, (int)RowState.Skipped,
                // An answer may end a failed row; a failure is not stored twice (the same error file imported again).
                r.State == RowState.Done ? (int)RowState.Skipped : (int)RowState.Failed, batch, (int)RowState.Submitted, (int)RowState.Pending) == 1;
            // A batch job's answers go into the response cache all at once when its batch is folded (BatchLedger.SetFoldedAsync),
            // in fingerprint order: one by one, each would write a page of the cache's tree at a random place.
            if (stored[i] && batch is null)
            {
                JobLedger.Remember(c, r);
            }
        }

        return stored;
    });

    /// <summary>The row's state, or null when the job has no such row: why a result was not stored.</summary>
    public static RowState? StateOf(Microsoft.Data.Sqlite.SqliteConnection connection, string jobId, long index)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT state FROM rows WHERE job_id = $id AND idx = $idx";
        command.Parameters.AddWithValue("$id", jobId);
        command.Parameters.AddWithValue("$idx", index);
        return command.ExecuteScalar() is long state ? (RowState)state : null;
    }
}
