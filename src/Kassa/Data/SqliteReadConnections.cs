using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Kassa.Data;

/// <summary>
/// SQLite connections kept open for the hot reads, each keeping its prepared statements.
/// Microsoft.Data.Sqlite compiles the SQL again for every new command (dotnet/efcore#14044), and
/// compiling the cart query was the largest single cost of a cart read (docs/benchmarks.md). WAL
/// lets these readers run beside the writer; each read sees the last commit.
/// </summary>
public sealed class SqliteReadConnections(string connectionString) : IDisposable
{
    /// <summary>Idle connections kept; more may be open at once, the extra ones are closed when returned.</summary>
    private static readonly int MaxIdle = Math.Max(4, Environment.ProcessorCount * 2);

    private readonly string _connectionString = new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString();
    private readonly ConcurrentBag<Reader> _idle = [];
    private volatile bool _disposed;

    public Reader Rent() => _idle.TryTake(out var reader) ? reader : Open();

    public void Return(Reader reader)
    {
        if (_disposed || _idle.Count >= MaxIdle)
        {
            reader.Dispose();
            return;
        }
        _idle.Add(reader);
        // Disposed meanwhile: close what was just put back.
        if (_disposed)
            while (_idle.TryTake(out var late)) late.Dispose();
    }

    private Reader Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragmas = connection.CreateCommand();
        // Readers never write; a small page cache each, since the OS caches the file anyway.
        pragmas.CommandText = "PRAGMA query_only = ON; PRAGMA busy_timeout = 10000; PRAGMA cache_size = -512;";
        pragmas.ExecuteNonQuery();
        return new Reader(connection);
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var reader)) reader.Dispose();
    }

    /// <summary>One open connection and the commands prepared on it, by SQL text.</summary>
    public sealed class Reader(SqliteConnection connection) : IDisposable
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

        public void Dispose()
        {
            foreach (var command in _commands.Values) command.Dispose();
            connection.Dispose();
        }
    }
}
