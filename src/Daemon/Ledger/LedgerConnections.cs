using Microsoft.Data.Sqlite;

namespace BatchAi.Daemon.Ledger;

/// <summary>Opens connections to one ledger file, each set up the same way.</summary>
internal static class LedgerConnections
{
    /// <summary>How long a statement waits for another process's lock, by default, before it fails (and the job pauses).</summary>
    public static readonly TimeSpan DefaultBusyTimeout = TimeSpan.FromSeconds(10);

    public static SqliteConnection Open(string path, bool readOnly = false, TimeSpan? busyTimeout = null)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            // Microsoft.Data.Sqlite retries a busy database itself until the command timeout (whole seconds) runs out.
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling((busyTimeout ?? DefaultBusyTimeout).TotalSeconds)),
        };
        var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        // WAL lets readers run beside the one writer; synchronous=NORMAL in WAL mode keeps every
        // committed transaction across a process crash (kill -9), which is the failure we design for.
        var busy = (int)(busyTimeout ?? DefaultBusyTimeout).TotalMilliseconds;
        command.CommandText = readOnly
            ? $"PRAGMA busy_timeout = {busy};"
            : $"PRAGMA busy_timeout = {busy}; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = OFF;";
        command.ExecuteNonQuery();
        return connection;
    }
}
