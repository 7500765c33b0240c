using Microsoft.Data.Sqlite;

namespace BatchAi.Daemon.Ledger;

/// <summary>Opens connections to one ledger file, each set up the same way.</summary>
internal static class LedgerConnections
{
    public static SqliteConnection Open(string path, bool readOnly = false)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = 30,
        };
        var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        // WAL lets readers run beside the one writer; synchronous=NORMAL in WAL mode keeps every
        // committed transaction across a process crash (kill -9), which is the failure we design for.
        command.CommandText = readOnly
            ? "PRAGMA busy_timeout = 10000;"
            : "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = OFF;";
        command.ExecuteNonQuery();
        return connection;
    }
}
