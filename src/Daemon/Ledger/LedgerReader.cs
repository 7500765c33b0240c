using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using BatchAi.Daemon.Export;
using BatchAi.Daemon.Prompting;
using BatchAi.Protocol.Jobs;
using Microsoft.Data.Sqlite;

namespace BatchAi.Daemon.Ledger;

/// <summary>Reads the ledger on connections of its own, beside the writer (WAL).</summary>
internal sealed partial class LedgerReader(string path, TimeSpan? busyTimeout = null)
{
    private const string JobColumns = "id, state, input, output, format, model, base_url, spec, total, total_known, created_at, finished_at, last_error, columns, cleaning";

    public SqliteConnection Open() => LedgerConnections.Open(path, readOnly: true, busyTimeout);

    public JobRecord? GetJob(string jobId)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {JobColumns} FROM jobs WHERE id = $id";
        command.Parameters.AddWithValue("$id", jobId);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadJob(reader) : null;
    }

    public IReadOnlyList<JobRecord> ListJobs()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {JobColumns} FROM jobs ORDER BY created_at DESC, id DESC";
        using var reader = command.ExecuteReader();
        var jobs = new List<JobRecord>();
        while (reader.Read())
        {
            jobs.Add(ReadJob(reader));
        }

        return jobs;
    }

    /// <summary>A profile's JSON, or null.</summary>
    public string? GetProfile(string name)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT body FROM profiles WHERE name = $name";
        command.Parameters.AddWithValue("$name", name);
        return command.ExecuteScalar() as string;
    }

    /// <summary>Every profile's JSON, by name.</summary>
    public IReadOnlyList<string> ListProfiles()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT body FROM profiles ORDER BY name";
        using var reader = command.ExecuteReader();
        var bodies = new List<string>();
        while (reader.Read())
        {
            bodies.Add(reader.GetString(0));
        }

        return bodies;
    }

    /// <summary>The cached answers among <paramref name="fingerprints"/>, by fingerprint.</summary>
    public Dictionary<string, CachedResponse> LookupResponses(IReadOnlyCollection<string> fingerprints)
    {
        var found = new Dictionary<string, CachedResponse>(StringComparer.Ordinal);
        if (fingerprints.Count == 0)
        {
            return found;
        }

        using var connection = Open();
        using var command = connection.CreateCommand();
        // A response names its model only once it names its endpoint (schema 8): before, the model stored was the job's first.
        command.CommandText = """
            SELECT answer, reasoning, prompt_tokens, completion_tokens, finish_reason, CASE WHEN endpoint IS NULL THEN NULL ELSE model END, endpoint
            FROM responses WHERE fingerprint = $f
            """;
        var parameter = command.Parameters.Add("$f", SqliteType.Text);
        command.Prepare();
        foreach (var fingerprint in fingerprints)
        {
            parameter.Value = fingerprint;
            using var reader = command.ExecuteReader();
            if (reader.Read())
            {
                found[fingerprint] = new CachedResponse(reader.GetString(0), NullableString(reader, 1),
                    reader.IsDBNull(2) ? null : reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetInt32(3), NullableString(reader, 4),
                    NullableString(reader, 5), NullableString(reader, 6));
            }
        }

        return found;
    }

    /// <summary>The next pending rows after <paramref name="afterIndex"/>, in input order.</summary>
    /// <param name="byKey">Walk the rows in key order, skipping those not pending, rather than find each pending one through the
    /// state index: about twice as fast when most rows are pending (a batch job's first write), far slower when few are.</param>
    public static IReadOnlyList<WorkRow> NextPending(SqliteConnection connection, string jobId, long afterIndex, int limit, bool byKey = false)
    {
        using var command = connection.CreateCommand();
        // A unary + on the state term keeps SQLite off rows_by_state, so it walks the table by its primary key.
        command.CommandText = $"SELECT idx, question, attempts, conversation, turns_done, prompt_tokens, completion_tokens, cached FROM rows WHERE job_id = $id AND {(byKey ? "+" : "")}state = 0 AND idx > $after ORDER BY idx LIMIT $limit";
        command.Parameters.AddWithValue("$id", jobId);
        command.Parameters.AddWithValue("$after", afterIndex);
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var rows = new List<WorkRow>(limit);
        while (reader.Read())
        {
            rows.Add(new WorkRow(reader.GetInt64(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt32(3) != 0, reader.GetInt32(4),
                reader.IsDBNull(5) ? null : reader.GetInt32(5), reader.IsDBNull(6) ? null : reader.GetInt32(6), reader.GetInt32(7) != 0));
        }

        return rows;
    }

    /// <summary>
    /// Up to <paramref name="limit"/> rows of a job from index <paramref name="from"/> on, in input order, optionally only
    /// those in <paramref name="state"/>; plus whether a further row matches (read as one more than asked).
    /// </summary>
    /// <param name="soleModel">The job's one model, if it has only one, for answers the ledger did not name the model of (see <see cref="ReadForExportAsync"/>).</param>
    public (IReadOnlyList<JobRow> Rows, long? Next) ReadRows(string jobId, RowState? state, long from, int limit, string? soleModel = null)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT idx, rows.state, question, answer, reasoning, rows.error, finish_reason, attempts, prompt_tokens, completion_tokens, model, endpoint,
                   CASE WHEN rows.state IN (2, 5) AND rows.batch IS NOT NULL THEN (SELECT batch_id FROM batch_files b WHERE b.job_id = rows.job_id AND b.seq = rows.batch) END
            FROM rows WHERE job_id = $id AND idx >= $from{(state is null ? string.Empty : " AND rows.state = $state")}
            ORDER BY idx LIMIT $limit
            """;
        command.Parameters.AddWithValue("$id", jobId);
        command.Parameters.AddWithValue("$from", from);
        command.Parameters.AddWithValue("$limit", limit + 1);
        if (state is { } only)
        {
            command.Parameters.AddWithValue("$state", (int)only);
        }

        using var reader = command.ExecuteReader();
        var rows = new List<JobRow>(Math.Min(limit, 256));
        while (reader.Read())
        {
            if (rows.Count == limit)
            {
                return (rows, reader.GetInt64(0));
            }

            // An answer for a done row, and for a failed one that has one (a structured answer that never matched its schema, kept
            // for inspection); an error only for a row not done (a retried row keeps its last error).
            var rowState = (RowState)reader.GetInt32(1);
            rows.Add(new JobRow(
                reader.GetInt64(0),
                rowState.Name(),
                reader.GetString(2),
                rowState is RowState.Done or RowState.Failed ? NullableString(reader, 3) : null,
                NullableString(reader, 4),
                rowState == RowState.Done ? null : NullableString(reader, 5),
                NullableString(reader, 6),
                reader.GetInt32(7),
                reader.IsDBNull(8) ? null : reader.GetInt32(8),
                reader.IsDBNull(9) ? null : reader.GetInt32(9),
                rowState == RowState.Done ? NullableString(reader, 10) ?? soleModel : null,
                rowState == RowState.Done ? NullableString(reader, 11) : null,
                NullableString(reader, 12)));
        }

        return (rows, null);
    }

    /// <summary>Every row of a job in input order, as the exporters take them. Rows not answered carry their state as the error.</summary>
    /// <param name="soleModel">
    /// The job's one model, if it has only one: the model of its answers that the ledger did not record (answered before schema 8,
    /// or taken from a response cached then). A pool's such answers stay without a model, since any of its models may have written them.
    /// </param>
    /// <param name="answers">A job with several answers per row: each record carries its row's stored answers (<see cref="ExportRecord.Answers"/>).</param>
    public async IAsyncEnumerable<ExportRecord> ReadForExportAsync(string jobId, [EnumeratorCancellation] CancellationToken cancellationToken,
        string? soleModel = null, bool answers = false)
    {
        var columns = GetJob(jobId)?.Columns ?? [];
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT idx, question, source, state, attempts, answer, reasoning, prompt_tokens, completion_tokens, finish_reason, error, model, conversation
            FROM rows WHERE job_id = $id ORDER BY idx
            """;
        command.Parameters.AddWithValue("$id", jobId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        using var slots = answers ? new AnswerCursor(connection, jobId) : null;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var state = (RowState)reader.GetInt32(3);
            var error = reader.IsDBNull(10) ? null : reader.GetString(10);
            if (state is RowState.Pending or RowState.InFlight or RowState.Submitted)
            {
                error ??= "not answered: the job stopped before this row was sent";
            }

            yield return new ExportRecord(
                reader.GetInt64(0),
                reader.GetString(1),
                state is RowState.Done or RowState.Failed ? NullableString(reader, 5) : null,
                NullableString(reader, 6),
                state == RowState.Done ? null : error,
                NullableString(reader, 9),
                reader.IsDBNull(7) ? null : reader.GetInt32(7),
                reader.IsDBNull(8) ? null : reader.GetInt32(8),
                reader.GetInt32(4),
                SourceColumns(columns, NullableString(reader, 2)),
                state == RowState.Done ? NullableString(reader, 11) ?? soleModel : null,
                state.ForExport(),
                reader.GetInt32(12) != 0,
                slots?.Take(reader.GetInt64(0)));
        }
    }

    private static List<KeyValuePair<string, string?>>? SourceColumns(IReadOnlyList<string> columns, string? sourceJson)
    {
        if (sourceJson is null || columns.Count == 0)
        {
            return null;
        }

        var cells = JsonSerializer.Deserialize<string?[]>(sourceJson) ?? [];
        var pairs = new List<KeyValuePair<string, string?>>(columns.Count);
        for (var i = 0; i < columns.Count; i++)
        {
            pairs.Add(new(columns[i], i < cells.Length ? cells[i] : null));
        }

        return pairs;
    }

    private static string? NullableString(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static JobRecord ReadJob(SqliteDataReader r) => new(
        r.GetString(0),
        ParseState(r.GetString(1)),
        r.GetString(2),
        r.GetString(3),
        r.GetString(4),
        r.GetString(5),
        r.GetString(6),
        r.GetString(7),
        r.GetInt64(8),
        r.GetInt64(9) != 0,
        ParseTime(r.GetString(10)),
        r.IsDBNull(11) ? null : ParseTime(r.GetString(11)),
        NullableString(r, 12),
        r.IsDBNull(13) ? null : JsonSerializer.Deserialize<string[]>(r.GetString(13)),
        r.IsDBNull(14) ? null : JsonSerializer.Deserialize<CleaningCounts>(r.GetString(14)));

    private static StoredJobState ParseState(string name) => Enum.Parse<StoredJobState>(name, ignoreCase: true);

    private static DateTimeOffset ParseTime(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
