using Microsoft.Data.Sqlite;

namespace BatchAi.Daemon.Tests.TestSupport;

/// <summary>
/// A ledger as schema 7 left it, written here by hand rather than by today's code, so that an upgrade is tested from
/// what an older daemon really wrote: rows without the model or endpoint that answered them.
/// </summary>
internal static class LedgerV7
{
    private const string Schema = """
        CREATE TABLE jobs (id TEXT PRIMARY KEY, state TEXT NOT NULL, input TEXT NOT NULL, output TEXT NOT NULL, format TEXT NOT NULL,
            model TEXT NOT NULL, base_url TEXT NOT NULL, spec TEXT NOT NULL, columns TEXT, total INTEGER NOT NULL DEFAULT 0,
            total_known INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL, finished_at TEXT, last_error TEXT, cleaning TEXT);
        CREATE TABLE rows (job_id TEXT NOT NULL, idx INTEGER NOT NULL, question TEXT NOT NULL, source TEXT, state INTEGER NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0, answer TEXT, reasoning TEXT, prompt_tokens INTEGER, completion_tokens INTEGER,
            finish_reason TEXT, error TEXT, started_at TEXT, finished_at TEXT, latency_ms INTEGER, fingerprint TEXT,
            cached INTEGER NOT NULL DEFAULT 0, digest BLOB, PRIMARY KEY (job_id, idx)) WITHOUT ROWID;
        CREATE INDEX rows_by_state ON rows (job_id, state, idx);
        CREATE TABLE responses (fingerprint TEXT PRIMARY KEY, answer TEXT NOT NULL, reasoning TEXT, prompt_tokens INTEGER,
            completion_tokens INTEGER, finish_reason TEXT, model TEXT, created_at TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE profiles (name TEXT PRIMARY KEY, body TEXT NOT NULL, updated_at TEXT NOT NULL);
        CREATE TABLE generation_requests (job_id TEXT NOT NULL, seq INTEGER NOT NULL, offered INTEGER NOT NULL, accepted INTEGER NOT NULL,
            duplicates INTEGER NOT NULL, near_duplicates INTEGER NOT NULL, prompt_tokens INTEGER, completion_tokens INTEGER, error TEXT,
            finished_at TEXT NOT NULL, PRIMARY KEY (job_id, seq)) WITHOUT ROWID;
        PRAGMA user_version = 7;
        """;

    /// <summary>Creates <c>ledger.db</c> in <paramref name="dataDirectory"/> at schema 7, then runs <paramref name="sql"/> on it.</summary>
    public static string Create(string dataDirectory, string sql)
    {
        Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(dataDirectory, Daemon.Ledger.JobLedger.FileName);
        using var connection = new SqliteConnection($"Data Source={path};Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = Schema + sql;
        command.ExecuteNonQuery();
        return path;
    }

    /// <summary>The schema version a ledger file says it is at.</summary>
    public static int Version(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=false;Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version;";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>SQL for a string, quoted.</summary>
    public static string Quote(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
}
