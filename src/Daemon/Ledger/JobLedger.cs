using System.Globalization;
using System.Text.Json;
using BatchAi.Daemon.Prompting;
using Microsoft.Data.Sqlite;

namespace BatchAi.Daemon.Ledger;

/// <summary>
/// The SQLite ledger of one data directory: the source of truth for every job and row. Writes go
/// through the single <see cref="LedgerWriter"/>; reads open their own connections (WAL).
/// </summary>
internal sealed partial class JobLedger : IAsyncDisposable
{
    public const string FileName = "ledger.db";

    private readonly LedgerWriter _writer;

    private JobLedger(string path, LedgerWriter writer, TimeSpan? busyTimeout)
    {
        Path = path;
        _writer = writer;
        Reader = new LedgerReader(path, busyTimeout);
    }

    public string Path { get; }

    public LedgerReader Reader { get; }

    public LedgerWriter Writer => _writer;

    /// <summary>What opening found worth telling a person, such as a corrupt file moved aside.</summary>
    public IReadOnlyList<string> Notices { get; private init; } = [];

    public static JobLedger Open(string dataDirectory, Action<string> log, TimeSpan? busyTimeout = null)
    {
        Directory.CreateDirectory(dataDirectory);
        var path = System.IO.Path.Combine(dataDirectory, FileName);
        var notices = new List<string>();
        SqliteConnection connection;
        try
        {
            connection = OpenAndUpgrade(path, busyTimeout);
        }
        catch (SqliteException e) when (e.SqliteErrorCode is SqliteCorrupt or SqliteNotADatabase)
        {
            // Never silently replaced: the damaged file is kept, renamed, for the user (or sqlite3's .recover) to rescue.
            var aside = MoveAside(path);
            var notice = $"The ledger {path} is damaged ({e.Message}); it was moved to {aside} and a new, empty ledger was started. "
                + "Jobs and answers in the damaged file are not lost: recover them from it with sqlite3's .recover.";
            log(notice);
            notices.Add(notice);
            connection = OpenAndUpgrade(path, busyTimeout);
        }

        return new JobLedger(path, new LedgerWriter(connection, log), busyTimeout) { Notices = notices };
    }

    private const int SqliteCorrupt = 11;
    private const int SqliteNotADatabase = 26;

    private static SqliteConnection OpenAndUpgrade(string path, TimeSpan? busyTimeout)
    {
        var connection = LedgerConnections.Open(path, busyTimeout: busyTimeout);
        try
        {
            LedgerSchema.Apply(connection);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static string MoveAside(string path)
    {
        SqliteConnection.ClearAllPools();
        var aside = $"{path}.corrupt-{DateTime.UtcNow:yyyyMMdd-HHmmss}";
        File.Move(path, aside);
        foreach (var suffix in new[] { "-wal", "-shm" })
        {
            if (File.Exists(path + suffix))
            {
                File.Move(path + suffix, aside + suffix);
            }
        }

        return aside;
    }

    public Task InsertJobAsync(JobRecord job) => _writer.WriteAsync(c => c.Execute(
        "INSERT INTO jobs (id, state, input, output, format, model, base_url, spec, created_at) VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8)",
        job.Id, StateName(job.State), job.Input, job.Output, job.Format, job.Model, job.BaseUrl, job.Spec, Time(job.CreatedAt)));

    public Task SetColumnsAsync(string jobId, IReadOnlyList<string> columns) => _writer.WriteAsync(c => c.Execute(
        "UPDATE jobs SET columns = $p1 WHERE id = $p0", jobId, JsonSerializer.Serialize(columns)));

    /// <summary>
    /// Stores a batch of ingested rows and the new total in one transaction, so the total never counts rows
    /// that are not there; with what cleaning did over the rows read so far.
    /// </summary>
    public Task InsertRowsAsync(string jobId, IReadOnlyList<RowInsert> rows, long total, bool totalKnown, CleaningCounts? cleaning = null) => _writer.WriteAsync(c =>
    {
        foreach (var row in rows)
        {
            var hit = row.Cached;
            c.Execute(
                """
                INSERT OR IGNORE INTO rows (job_id, idx, question, source, state, error, fingerprint, cached,
                                            answer, reasoning, prompt_tokens, completion_tokens, finish_reason, model, endpoint, conversation)
                VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8, $p9, $p10, $p11, $p12, $p13, $p14, $p15)
                """,
                jobId, row.Index, row.Question, row.SourceJson, (int)(hit is null ? row.State : RowState.Done), row.Error, row.Fingerprint,
                hit is null ? 0 : 1, hit?.Answer, hit?.Reasoning, hit?.PromptTokens, hit?.CompletionTokens, hit?.FinishReason, hit?.Model, hit?.Endpoint,
                row.Conversation ? 1 : 0);
        }

        c.Execute(
            "UPDATE jobs SET total = $p1, total_known = $p2, cleaning = COALESCE($p3, cleaning) WHERE id = $p0",
            jobId, total, totalKnown ? 1 : 0, cleaning is null ? null : JsonSerializer.Serialize(cleaning));
    });

    /// <summary>Marks a row in flight before its request leaves; not awaited, it rides the next group commit.</summary>
    public void MarkInFlight(string jobId, long index, DateTimeOffset startedAt) => _writer.Post(c => c.Execute(
        "UPDATE rows SET state = $p2, started_at = $p3 WHERE job_id = $p0 AND idx = $p1",
        jobId, index, (int)RowState.InFlight, Time(startedAt)));

    /// <summary>
    /// Stores a row's outcome and its state in one statement, so an answer is never there without its
    /// row being done; with <paramref name="remember"/>, a finished answer also goes into the response
    /// cache in the same transaction, with the model and endpoint that answered it. Truncated answers are
    /// not remembered: asking again may be the point.
    /// </summary>
    public Task CompleteAsync(RowResult r, bool remember = false) => _writer.WriteAsync(c =>
    {
        Store(c, r);
        if (remember)
        {
            Remember(c, r);
        }
    });

    /// <summary>Puts a row's stored answer into the response cache under its fingerprint, if it is done and complete.</summary>
    internal static void Remember(LedgerWriteContext c, RowResult r)
    {
        if (r.State == RowState.Done && r.FinishReason == "stop")
        {
            c.Execute(
                """
                INSERT OR REPLACE INTO responses (fingerprint, answer, reasoning, prompt_tokens, completion_tokens, finish_reason, model, created_at, endpoint)
                SELECT rows.fingerprint, rows.answer, rows.reasoning, rows.prompt_tokens, rows.completion_tokens, rows.finish_reason,
                       COALESCE(rows.model, jobs.model), $p2, rows.endpoint
                FROM rows JOIN jobs ON jobs.id = rows.job_id
                WHERE rows.job_id = $p0 AND rows.idx = $p1 AND rows.fingerprint IS NOT NULL AND rows.answer IS NOT NULL
                """,
                r.JobId, r.Index, Time(r.FinishedAt));
        }
    }

    /// <summary>
    /// Stores an answer got outside a job (an estimate's pilot) in the response cache, under the fingerprint a job's row
    /// would have, so the job reuses it instead of paying again. Only complete answers, as <see cref="CompleteAsync"/>.
    /// </summary>
    /// <remarks><paramref name="model"/> is the job's model, stored when <paramref name="answer"/> does not name the one that answered.</remarks>
    public Task RememberAsync(string fingerprint, CachedResponse answer, string model, DateTimeOffset at) => answer.FinishReason != "stop"
        ? Task.CompletedTask
        : _writer.WriteAsync(c => c.Execute(
            """
            INSERT OR REPLACE INTO responses (fingerprint, answer, reasoning, prompt_tokens, completion_tokens, finish_reason, model, created_at, endpoint)
            VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8)
            """,
            fingerprint, answer.Answer, answer.Reasoning, answer.PromptTokens, answer.CompletionTokens, answer.FinishReason, answer.Model ?? model, Time(at),
            answer.Model is null ? null : answer.Endpoint));

    /// <summary>Replaces a job's stored settings (its budget changed); the spec never holds a key.</summary>
    public Task SetSpecAsync(string jobId, string spec) => _writer.WriteAsync(c => c.Execute("UPDATE jobs SET spec = $p1 WHERE id = $p0", jobId, spec));

    /// <summary>Empties the response cache; returns how many answers it held. Jobs keep their own answers.</summary>
    public Task<int> ClearCacheAsync() => _writer.WriteAsync(c => c.Execute("DELETE FROM responses"));

    private static void Store(LedgerWriteContext c, RowResult r) => c.Execute(
        """
        UPDATE rows SET state = $p2, attempts = $p3, answer = $p4, reasoning = $p5, prompt_tokens = $p6, completion_tokens = $p7,
                        finish_reason = $p8, error = $p9, finished_at = $p10, latency_ms = $p11, model = $p12, endpoint = $p13, cached = $p14
        WHERE job_id = $p0 AND idx = $p1
        """,
        r.JobId, r.Index, (int)r.State, r.Attempts, r.Answer, r.Reasoning, r.PromptTokens, r.CompletionTokens,
        r.FinishReason, r.Error, Time(r.FinishedAt), r.LatencyMs, r.Model, r.Endpoint, r.Cached ? 1 : 0);

    /// <summary>
    /// A multi-turn row's checkpoint: the conversation so far (its question), the assistant turns in it, the tokens and attempts
    /// they cost, and whether all came from the cache. The row stays in flight; a daemon that dies after this resumes it here.
    /// </summary>
    public Task CheckpointTurnAsync(string jobId, long index, string conversationJson, int turnsDone, int? promptTokens, int? completionTokens,
        int attempts, bool cached) => _writer.WriteAsync(c => c.Execute(
        """
        UPDATE rows SET question = $p2, conversation = 1, turns_done = $p3, prompt_tokens = $p4, completion_tokens = $p5, attempts = $p6, cached = $p7
        WHERE job_id = $p0 AND idx = $p1
        """,
        jobId, index, conversationJson, turnsDone, promptTokens, completionTokens, attempts, cached ? 1 : 0));

    /// <summary>Puts a row back to pending (its request was abandoned by a pause or cancel), keeping the attempts it spent.</summary>
    public void ReturnToPending(string jobId, long index, int attempts) => _writer.Post(c => c.Execute(
        "UPDATE rows SET state = $p2, attempts = $p3 WHERE job_id = $p0 AND idx = $p1 AND state = $p4",
        jobId, index, (int)RowState.Pending, attempts, (int)RowState.InFlight));

    /// <summary>Rows left in flight by a daemon that died are pending again: they never got a stored answer.</summary>
    public Task ResetInFlightAsync(string jobId) => _writer.WriteAsync(c => c.Execute(
        "UPDATE rows SET state = $p1 WHERE job_id = $p0 AND state = $p2", jobId, (int)RowState.Pending, (int)RowState.InFlight));

    /// <summary>
    /// Failed rows become pending again, keeping the attempts they spent and their error until they are answered; a failed row's
    /// failed answers (a row of several, none answered) go, so that its slots are asked again.
    /// </summary>
    public Task<int> RetryFailedAsync(string jobId) => _writer.WriteAsync(c =>
    {
        c.Execute(
            "DELETE FROM answers WHERE job_id = $p0 AND state = $p1 AND idx IN (SELECT idx FROM rows WHERE job_id = $p0 AND state = $p1)",
            jobId, (int)RowState.Failed);
        return c.Execute("UPDATE rows SET state = $p1 WHERE job_id = $p0 AND state = $p2", jobId, (int)RowState.Pending, (int)RowState.Failed);
    });

    /// <summary>Stores (or replaces) a profile; <paramref name="body"/> is its JSON, which never holds a key.</summary>
    public Task SaveProfileAsync(string name, string body, DateTimeOffset at) => _writer.WriteAsync(c => c.Execute(
        "INSERT INTO profiles (name, body, updated_at) VALUES ($p0, $p1, $p2) ON CONFLICT(name) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at",
        name, body, Time(at)));

    public Task<bool> DeleteProfileAsync(string name) => _writer.WriteAsync(c => c.Execute("DELETE FROM profiles WHERE name = $p0", name) > 0);

    public Task SetStateAsync(string jobId, StoredJobState state, string? lastError, DateTimeOffset? finishedAt) => _writer.WriteAsync(c => c.Execute(
        "UPDATE jobs SET state = $p1, last_error = COALESCE($p2, last_error), finished_at = $p3 WHERE id = $p0",
        jobId, StateName(state), lastError, finishedAt is { } f ? Time(f) : null));

    /// <summary>At start-up: every job the ledger says is running or queued belonged to a daemon that is gone.</summary>
    public Task<int> MarkOrphansInterruptedAsync() => _writer.WriteAsync(c => c.Execute(
        "UPDATE jobs SET state = $p0 WHERE state IN ($p1, $p2)",
        StateName(StoredJobState.Interrupted), StateName(StoredJobState.Running), StateName(StoredJobState.Queued)));

    public ValueTask DisposeAsync() => _writer.DisposeAsync();

    internal static string StateName(StoredJobState state) => JsonNamingPolicy.CamelCase.ConvertName(state.ToString());

    internal static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
}
