using Microsoft.Data.Sqlite;

namespace BatchAi.Daemon.Ledger;

/// <summary>The write connection and its prepared commands, used only by the writer's task.</summary>
internal sealed class LedgerWriteContext(SqliteConnection connection) : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    public SqliteTransaction? Transaction { get; set; }

    public SqliteTransaction Begin() => Transaction = connection.BeginTransaction();

    /// <summary>Runs a statement, preparing it once and reusing it; parameters are named $p0, $p1, ... in order.</summary>
    public int Execute(string sql, params object?[] values)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            for (var i = 0; i < values.Length; i++)
            {
                command.Parameters.Add(new SqliteParameter("$p" + i, null));
            }

            _commands[sql] = command;
        }

        command.Transaction = Transaction;
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        return command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        connection.Dispose();
    }
}
