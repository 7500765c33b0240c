using Microsoft.Data.Sqlite;

namespace BatchAi.Daemon.Ledger;

/// <summary>
/// A batch job's files and batches in the ledger (schema 11). Every step is stored before the daemon moves on: a file is
/// recorded once it is whole on disk (its rows marked submitted after its upload); its file id once uploaded; its batch id
/// once created. So a daemon killed at any moment knows which files exist, which were uploaded and which are batches,
/// and never uploads the same rows twice nor makes a second batch of them.
/// </summary>
internal sealed class BatchLedger(JobLedger ledger)
{
    public const string Written = "written";
    public const string Uploaded = "uploaded";
    public const string Created = "created";
    public const string Folded = "folded";
    public const string Failed = "failed";

    // The rows of file $p1 of job $p0 lie in its range: the primary key finds them, rather than every submitted row of the job.
    private const string InFile = """
        rows.idx BETWEEN (SELECT first_row FROM batch_files WHERE job_id = $p0 AND seq = $p1) AND (SELECT last_row FROM batch_files WHERE job_id = $p0 AND seq = $p1)
        """;

    /// <summary>
    /// Records a request file written whole, leaving its rows to <see cref="MarkRowsAsync"/>, so that the file can be uploaded while
    /// the ledger marks 50,000 rows. A daemon that dies in between marks them when it starts again (<see cref="MarkUnfoldedAsync"/>):
    /// the rows of a file's range that are pending belong to it until it is folded.
    /// </summary>
    public Task RecordAsync(BatchFileRecord file, DateTimeOffset at) => ledger.Writer.WriteAsync(c => Insert(c, file, at));

    /// <summary>
    /// Marks the pending rows of a recorded file's range as submitted in it, a slice of rows per transaction, so that the small
    /// writes of the other files' steps (uploaded, created) queued meanwhile go between the slices rather than after them all.
    /// </summary>
    public async Task MarkRowsAsync(BatchFileRecord file)
    {
        for (var from = file.FirstRow; from <= file.LastRow; from += MarkSlice)
        {
            var (first, last) = (from, Math.Min(file.LastRow, from + MarkSlice - 1));
            await ledger.Writer.WriteAsync(c => MarkRows(c, file.JobId, file.Seq, first, last)).ConfigureAwait(false);
        }
    }

    private const int MarkSlice = 5_000;

    /// <summary>
    /// Marks again the pending rows of every file not yet folded or failed: those a daemon recorded and died before marking. A
    /// marked file's range holds no pending row (its rows go back to pending only when it is folded or fails), so this changes
    /// nothing for the others. Returns how many rows it marked.
    /// </summary>
    public Task<int> MarkUnfoldedAsync(string jobId)
    {
        var files = Read(jobId).Where(f => f.State is not (Folded or Failed)).ToList();
        return files.Count == 0 ? Task.FromResult(0) : ledger.Writer.WriteAsync(c => files.Sum(f => MarkRows(c, jobId, f.Seq, f.FirstRow, f.LastRow)));
    }

    private static void Insert(LedgerWriteContext c, BatchFileRecord file, DateTimeOffset at) => c.Execute(
        """
        INSERT INTO batch_files (job_id, seq, path, lines, bytes, first_row, last_row, state, created_at, updated_at)
        VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8, $p8)
        """,
        file.JobId, file.Seq, file.Path, file.Lines, file.Bytes, file.FirstRow, file.LastRow, Written, JobLedger.Time(at));

    private static int MarkRows(LedgerWriteContext c, string jobId, int seq, long firstRow, long lastRow) => c.Execute(
        "UPDATE rows SET state = $p4, batch = $p1 WHERE job_id = $p0 AND idx BETWEEN $p2 AND $p3 AND state = $p5",
        jobId, seq, firstRow, lastRow, (int)RowState.Submitted, (int)RowState.Pending);

    public Task SetUploadedAsync(string jobId, int seq, string fileId, DateTimeOffset at) => ledger.Writer.WriteAsync(c => c.Execute(
        "UPDATE batch_files SET state = $p2, file_id = $p3, updated_at = $p4 WHERE job_id = $p0 AND seq = $p1",
        jobId, seq, Uploaded, fileId, JobLedger.Time(at)));

    public Task SetCreatedAsync(string jobId, int seq, string batchId, DateTimeOffset at) => ledger.Writer.WriteAsync(c => c.Execute(
        "UPDATE batch_files SET state = $p2, batch_id = $p3, updated_at = $p4 WHERE job_id = $p0 AND seq = $p1",
        jobId, seq, Created, batchId, JobLedger.Time(at)));

    /// <summary>Stores what a poll of the batch said: its state, request counts, result files and error.</summary>
    public Task SetStatusAsync(string jobId, int seq, string state, int completed, int failed, string? outputFileId, string? errorFileId, string? error,
        DateTimeOffset at) => ledger.Writer.WriteAsync(c => c.Execute(
        """
        UPDATE batch_files SET state = $p2, completed = $p3, failed = $p4, output_file_id = COALESCE($p5, output_file_id),
                               error_file_id = COALESCE($p6, error_file_id), error = COALESCE($p7, error), updated_at = $p8
        WHERE job_id = $p0 AND seq = $p1 AND state NOT IN ($p9, $p10)
        """,
        jobId, seq, state, completed, failed, outputFileId, errorFileId, error, JobLedger.Time(at), Folded, Failed));

    /// <summary>
    /// Marks the batch folded: its result files are in the ledger. Its complete answers go into the response cache, in fingerprint
    /// order. A row still submitted in it had no line in either file (a batch that failed whole, or a line lost): it is pending
    /// again, to go out in a later batch. Returns how many.
    /// </summary>
    public Task<int> SetFoldedAsync(string jobId, int seq, DateTimeOffset at) => ledger.Writer.WriteAsync(c =>
    {
        c.Execute(
            $"""
            INSERT OR REPLACE INTO responses (fingerprint, answer, reasoning, prompt_tokens, completion_tokens, finish_reason, model, created_at, endpoint)
            SELECT rows.fingerprint, rows.answer, rows.reasoning, rows.prompt_tokens, rows.completion_tokens, rows.finish_reason,
                   COALESCE(rows.model, jobs.model), $p3, rows.endpoint
            FROM rows JOIN jobs ON jobs.id = rows.job_id
            WHERE rows.job_id = $p0 AND {InFile} AND rows.batch = $p1 AND rows.state = $p2 AND rows.finish_reason = 'stop'
                  AND rows.fingerprint IS NOT NULL AND rows.answer IS NOT NULL
            ORDER BY rows.fingerprint
            """,
            jobId, seq, (int)RowState.Done, JobLedger.Time(at));
        c.Execute("UPDATE batch_files SET state = $p2, updated_at = $p3 WHERE job_id = $p0 AND seq = $p1", jobId, seq, Folded, JobLedger.Time(at));
        return c.Execute($"UPDATE rows SET state = $p3, batch = NULL, attempts = attempts + 1 WHERE job_id = $p0 AND {InFile} AND batch = $p1 AND state = $p2",
            jobId, seq, (int)RowState.Submitted, (int)RowState.Pending);
    });

    /// <summary>
    /// Fails the rows sent <paramref name="maxAttempts"/> times already and pending again (each time a line failed for a passing
    /// reason, expired, or came back missing): as the online path gives up on a row after its retries. Returns how many.
    /// </summary>
    public Task<int> FailExhaustedAsync(string jobId, int maxAttempts, DateTimeOffset at) => ledger.Writer.WriteAsync(c => c.Execute(
        """
        UPDATE rows SET state = $p3, finished_at = $p4,
                        error = COALESCE(error, 'row ' || idx || ': no answer') || ' (gave up after ' || attempts || ' batches)'
        WHERE job_id = $p0 AND state = $p1 AND attempts >= $p2
        """,
        jobId, (int)RowState.Pending, maxAttempts, (int)RowState.Failed, JobLedger.Time(at)));

    /// <summary>
    /// Marks the file's batch failed with <paramref name="error"/> (the provider refused it, or its file could not be sent). Its rows
    /// still submitted in it go back to pending when <paramref name="requeue"/> (the reason passes: they go out in a later file), else
    /// they fail, each naming its row and the reason.
    /// </summary>
    public Task<int> SetFailedAsync(string jobId, int seq, string error, bool requeue, DateTimeOffset at) => ledger.Writer.WriteAsync(c =>
    {
        c.Execute("UPDATE batch_files SET state = $p2, error = $p3, updated_at = $p4 WHERE job_id = $p0 AND seq = $p1",
            jobId, seq, Failed, error, JobLedger.Time(at));
        return requeue
            ? c.Execute($"UPDATE rows SET state = $p3, batch = NULL WHERE job_id = $p0 AND {InFile} AND batch = $p1 AND state = $p2", jobId, seq, (int)RowState.Submitted, (int)RowState.Pending)
            : c.Execute(
                $"UPDATE rows SET state = $p3, error = 'row ' || idx || ': ' || $p4, finished_at = $p5 WHERE job_id = $p0 AND {InFile} AND batch = $p1 AND state = $p2",
                jobId, seq, (int)RowState.Submitted, (int)RowState.Failed, error, JobLedger.Time(at));
    });

    /// <summary>The number the job's next file takes: one past the highest ever recorded, so a name is never used for two files.</summary>
    public int NextSeq(string jobId)
    {
        using var connection = ledger.Reader.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(seq), 0) + 1 FROM batch_files WHERE job_id = $id";
        command.Parameters.AddWithValue("$id", jobId);
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The first row any of the job's files was written from, or null before the first: an <c>auto</c> job's cut after a restart.</summary>
    public long? FirstRow(string jobId)
    {
        using var connection = ledger.Reader.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT MIN(first_row) FROM batch_files WHERE job_id = $id";
        command.Parameters.AddWithValue("$id", jobId);
        return command.ExecuteScalar() is long row ? row : null;
    }

    /// <summary>
    /// The row after the first <paramref name="keep"/> rows below <paramref name="below"/> still to answer (pending or in flight), in
    /// input order; null when there are no more than that many.
    /// </summary>
    public long? RowAfter(string jobId, long below, long keep)
    {
        using var connection = ledger.Reader.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT idx FROM rows WHERE job_id = $id AND state IN ($p, $f) AND idx < $below ORDER BY idx LIMIT 1 OFFSET $keep";
        command.Parameters.AddWithValue("$id", jobId);
        command.Parameters.AddWithValue("$p", (int)RowState.Pending);
        command.Parameters.AddWithValue("$f", (int)RowState.InFlight);
        command.Parameters.AddWithValue("$below", below);
        command.Parameters.AddWithValue("$keep", keep);
        return command.ExecuteScalar() is long row ? row : null;
    }

    /// <summary>The job's files and batches, in order.</summary>
    public IReadOnlyList<BatchFileRecord> Read(string jobId)
    {
        using var connection = ledger.Reader.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT job_id, seq, path, lines, bytes, first_row, last_row, state, file_id, batch_id, output_file_id, error_file_id, completed, failed, error, updated_at
            FROM batch_files WHERE job_id = $id ORDER BY seq
            """;
        command.Parameters.AddWithValue("$id", jobId);
        using var reader = command.ExecuteReader();
        var files = new List<BatchFileRecord>();
        while (reader.Read())
        {
            files.Add(new BatchFileRecord(reader.GetString(0), reader.GetInt32(1), reader.GetString(2), reader.GetInt32(3), reader.GetInt64(4),
                reader.GetInt64(5), reader.GetInt64(6), reader.GetString(7), Text(reader, 8), Text(reader, 9), Text(reader, 10), Text(reader, 11),
                reader.GetInt32(12), reader.GetInt32(13), Text(reader, 14),
                DateTimeOffset.Parse(reader.GetString(15), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal)));
        }

        return files;
    }

    private static string? Text(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
