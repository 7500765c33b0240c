using System.Runtime.CompilerServices;

namespace BatchAi.Daemon.Ledger;

/// <summary>
/// A generate job in the ledger: its accepted questions are rows (done, <c>question</c> the text, <c>idx</c> the order of
/// acceptance), so counts, listing and resume work as for any job; each request is a row of <c>generation_requests</c>.
/// </summary>
internal static class QuestionLedger
{
    /// <summary>Stores a request and the questions it brought in one transaction: a crash keeps both or neither.</summary>
    public static Task StoreGenerationAsync(this JobLedger ledger, string jobId, GenerationRequest request, IReadOnlyList<(long Index, string Question)> accepted) =>
        ledger.Writer.WriteAsync(c =>
        {
            foreach (var (index, question) in accepted)
            {
                c.Execute(
                    "INSERT OR IGNORE INTO rows (job_id, idx, question, state, attempts, finished_at) VALUES ($p0, $p1, $p2, $p3, 1, $p4)",
                    jobId, index, question, (int)RowState.Done, JobLedger.Time(request.FinishedAt));
            }

            c.Execute(
                """
                INSERT OR REPLACE INTO generation_requests (job_id, seq, offered, accepted, duplicates, near_duplicates, prompt_tokens, completion_tokens, error, finished_at)
                VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8, $p9)
                """,
                jobId, request.Seq, request.Offered, request.Accepted, request.Duplicates, request.NearDuplicates, request.PromptTokens,
                request.CompletionTokens, request.Error, JobLedger.Time(request.FinishedAt));
        });

    /// <summary>The accepted questions in order of acceptance.</summary>
    public static IReadOnlyList<string> ReadQuestions(this LedgerReader reader, string jobId)
    {
        using var connection = reader.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT question FROM rows WHERE job_id = $id AND state = $done ORDER BY idx";
        command.Parameters.AddWithValue("$id", jobId);
        command.Parameters.AddWithValue("$done", (int)RowState.Done);
        using var rows = command.ExecuteReader();
        var questions = new List<string>();
        while (rows.Read())
        {
            questions.Add(rows.GetString(0));
        }

        return questions;
    }

    /// <summary>The accepted questions streamed, for the output file.</summary>
    public static async IAsyncEnumerable<string> ReadQuestionsAsync(this LedgerReader reader, string jobId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = reader.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT question FROM rows WHERE job_id = $id AND state = $done ORDER BY idx";
        command.Parameters.AddWithValue("$id", jobId);
        command.Parameters.AddWithValue("$done", (int)RowState.Done);
        await using var rows = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await rows.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return rows.GetString(0);
        }
    }

    /// <param name="reader">The ledger.</param>
    /// <param name="jobId">The generate job.</param>
    /// <param name="fruitlessUpTo">How far back to count replies that brought nothing new: the stopping rule's limit is all it needs.</param>
    public static GenerationTotals ReadGenerationTotals(this LedgerReader reader, string jobId, int fruitlessUpTo = 0)
    {
        using var connection = reader.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT COUNT(*), COALESCE(MAX(seq) + 1, 0), COALESCE(SUM(offered), 0), COALESCE(SUM(duplicates), 0), COALESCE(SUM(near_duplicates), 0),
                   COALESCE(SUM(prompt_tokens), 0), COALESCE(SUM(completion_tokens), 0)
            FROM generation_requests WHERE job_id = $id
            """;
        command.Parameters.AddWithValue("$id", jobId);
        GenerationTotals totals;
        using (var row = command.ExecuteReader())
        {
            row.Read();
            totals = new GenerationTotals(row.GetInt64(0), row.GetInt64(1), row.GetInt64(2), row.GetInt64(3), row.GetInt64(4), row.GetInt64(5), row.GetInt64(6));
        }

        if (fruitlessUpTo <= 0)
        {
            return totals;
        }

        // In the order the replies were judged (finished_at is taken as each is judged; seq breaks ties on a coarse clock).
        command.CommandText = """
            SELECT accepted FROM generation_requests WHERE job_id = $id AND error IS NULL
            ORDER BY finished_at DESC, seq DESC LIMIT $limit
            """;
        command.Parameters.AddWithValue("$limit", fruitlessUpTo);
        var fruitless = 0;
        using (var replies = command.ExecuteReader())
        {
            while (replies.Read() && replies.GetInt64(0) == 0)
            {
                fruitless++;
            }
        }

        return totals with { FruitlessInRow = fruitless };
    }
}
