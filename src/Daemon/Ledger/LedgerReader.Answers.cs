using Microsoft.Data.Sqlite;

namespace BatchAi.Daemon.Ledger;

/// <summary>Reads the answers of rows with several (schema 12's <c>answers</c> table).</summary>
internal sealed partial class LedgerReader
{
    private const string AnswerColumns = """
        idx, slot, model, sample, state, answer, reasoning, prompt_tokens, completion_tokens, finish_reason, error, endpoint, fingerprint,
        cached, finished_at, score, score_reason, judge_prompt_tokens, judge_completion_tokens, judged_at
        """;

    /// <summary>A row's stored answers, by slot (a slot not yet answered has none).</summary>
    public IReadOnlyList<SlotAnswer> ReadAnswers(string jobId, long index) =>
        ReadAnswers(jobId, index, index).GetValueOrDefault(index) ?? [];

    /// <summary>The stored answers of the rows <paramref name="from"/> to <paramref name="to"/> (both included), by row, each by slot.</summary>
    public IReadOnlyDictionary<long, IReadOnlyList<SlotAnswer>> ReadAnswers(string jobId, long from, long to)
    {
        using var connection = Open();
        return ReadAnswers(connection, jobId, from, to);
    }

    /// <summary>As <see cref="ReadAnswers(string, long, long)"/>, on a connection the caller holds (an export reads row ranges in turn).</summary>
    public static IReadOnlyDictionary<long, IReadOnlyList<SlotAnswer>> ReadAnswers(SqliteConnection connection, string jobId, long from, long to)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {AnswerColumns} FROM answers WHERE job_id = $id AND idx BETWEEN $from AND $to ORDER BY idx, slot";
        command.Parameters.AddWithValue("$id", jobId);
        command.Parameters.AddWithValue("$from", from);
        command.Parameters.AddWithValue("$to", to);
        using var reader = command.ExecuteReader();
        var rows = new Dictionary<long, IReadOnlyList<SlotAnswer>>();
        while (reader.Read())
        {
            var answer = ReadAnswer(jobId, reader);
            if (!rows.TryGetValue(answer.Index, out var list))
            {
                rows[answer.Index] = list = new List<SlotAnswer>();
            }

            ((List<SlotAnswer>)list).Add(answer);
        }

        return rows;
    }

    /// <summary>A job's stored answers: how many are done, and the tokens they used and paid for (by model when asked).</summary>
    public AnswerCounts CountAnswers(string jobId)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT model, SUM(state = 2), COALESCE(SUM(prompt_tokens), 0), COALESCE(SUM(completion_tokens), 0),
                   COALESCE(SUM(CASE WHEN cached = 0 THEN prompt_tokens END), 0), COALESCE(SUM(CASE WHEN cached = 0 THEN completion_tokens END), 0)
            FROM answers WHERE job_id = $id GROUP BY model
            """;
        command.Parameters.AddWithValue("$id", jobId);
        using var reader = command.ExecuteReader();
        long done = 0, prompt = 0, completion = 0;
        var spent = new List<ModelSpend>();
        while (reader.Read())
        {
            done += reader.GetInt64(1);
            prompt += reader.GetInt64(2);
            completion += reader.GetInt64(3);
            if (reader.GetInt64(4) + reader.GetInt64(5) > 0)
            {
                spent.Add(new ModelSpend(reader.GetString(0), reader.GetInt64(4), reader.GetInt64(5)));
            }
        }

        reader.Close();
        command.CommandText = """
            SELECT COUNT(score), COALESCE(SUM(judge_prompt_tokens), 0), COALESCE(SUM(judge_completion_tokens), 0)
            FROM answers WHERE job_id = $id AND judged_at IS NOT NULL
            """;
        using var judged = command.ExecuteReader();
        judged.Read();
        return new AnswerCounts(done, prompt, completion, spent, judged.GetInt64(0), judged.GetInt64(1), judged.GetInt64(2));
    }

    /// <summary>Row <paramref name="index"/>'s input cell in column <paramref name="column"/> (0-based), as stored with it (a judge's reference); null when it has none.</summary>
    public string? SourceCell(string jobId, long index, int column)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT source FROM rows WHERE job_id = $id AND idx = $idx";
        command.Parameters.AddWithValue("$id", jobId);
        command.Parameters.AddWithValue("$idx", index);
        var cells = command.ExecuteScalar() is string json ? System.Text.Json.JsonSerializer.Deserialize<string?[]>(json) : null;
        return cells is not null && column < cells.Length ? cells[column] : null;
    }

    private static SlotAnswer ReadAnswer(string jobId, SqliteDataReader r) => new(
        jobId,
        r.GetInt64(0),
        r.GetInt32(1),
        r.GetString(2),
        r.GetInt32(3),
        (RowState)r.GetInt32(4),
        NullableString(r, 5),
        NullableString(r, 6),
        r.IsDBNull(7) ? null : r.GetInt32(7),
        r.IsDBNull(8) ? null : r.GetInt32(8),
        NullableString(r, 9),
        NullableString(r, 10),
        NullableString(r, 11),
        NullableString(r, 12),
        r.GetInt32(13) != 0,
        r.IsDBNull(14) ? null : ParseTime(r.GetString(14)),
        r.IsDBNull(15) ? null : r.GetDouble(15),
        NullableString(r, 16),
        r.IsDBNull(17) ? null : r.GetInt32(17),
        r.IsDBNull(18) ? null : r.GetInt32(18),
        r.IsDBNull(19) ? null : ParseTime(r.GetString(19)));

    /// <summary>
    /// A job's answers read in (row, slot) order beside its rows, on the same connection: each row takes its own as the export
    /// reaches it, so a large job's answers are never all in memory.
    /// </summary>
    private sealed class AnswerCursor : IDisposable
    {
        private readonly SqliteCommand _command;
        private readonly SqliteDataReader _reader;
        private readonly string _jobId;
        private SlotAnswer? _next;

        public AnswerCursor(SqliteConnection connection, string jobId)
        {
            _jobId = jobId;
            _command = connection.CreateCommand();
            _command.CommandText = $"SELECT {AnswerColumns} FROM answers WHERE job_id = $id ORDER BY idx, slot";
            _command.Parameters.AddWithValue("$id", jobId);
            _reader = _command.ExecuteReader();
            Advance();
        }

        /// <summary>The answers of row <paramref name="index"/> (rows are asked for in increasing order).</summary>
        public IReadOnlyList<Export.ExportAnswer> Take(long index)
        {
            var answers = new List<Export.ExportAnswer>();
            while (_next is { } a && a.Index <= index)
            {
                if (a.Index == index)
                {
                    answers.Add(new Export.ExportAnswer(a.Slot, a.Model, a.Sample, a.IsDone, a.Answer, a.Reasoning, a.FinishReason, a.PromptTokens,
                        a.CompletionTokens, a.IsDone ? null : a.Error, a.Score, a.ScoreReason));
                }

                Advance();
            }

            return answers;
        }

        private void Advance() => _next = _reader.Read() ? ReadAnswer(_jobId, _reader) : null;

        public void Dispose()
        {
            _reader.Dispose();
            _command.Dispose();
        }
    }
}
