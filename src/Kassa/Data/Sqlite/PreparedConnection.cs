using Microsoft.Data.Sqlite;

namespace Kassa.Data.Sqlite;

/// <summary>
/// One kept-open SQLite connection and the commands prepared on it, by SQL text. Microsoft.Data.Sqlite
/// compiles the SQL of every new command again (dotnet/efcore#14044); a command kept here is compiled once.
/// Not thread-safe: one user at a time.
/// </summary>
public sealed class PreparedConnection(SqliteConnection connection) : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    /// <summary>The command for this SQL with its parameters cleared; prepared once, then reused.</summary>
    public SqliteCommand Command(string sql)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            _commands[sql] = command;
        }
        command.Parameters.Clear();
        return command;
    }

    /// <summary>Starts a read transaction: the statements until <see cref="EndRead"/> see one snapshot of the database.</summary>
    public void BeginRead() => Command("BEGIN").ExecuteNonQuery();

    /// <summary>Ends the read transaction; false when that failed and the connection must not be used again.</summary>
    public bool EndRead()
    {
        try
        {
            Command("COMMIT").ExecuteNonQuery();
            return true;
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        foreach (var command in _commands.Values) command.Dispose();
        connection.Dispose();
    }
}
