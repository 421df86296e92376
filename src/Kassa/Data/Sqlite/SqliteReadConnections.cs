using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Kassa.Data.Sqlite;

/// <summary>
/// SQLite connections kept open for the hot reads, each keeping its prepared statements.
/// Microsoft.Data.Sqlite compiles the SQL again for every new command (dotnet/efcore#14044), and
/// compiling the cart query was the largest single cost of a cart read (docs/benchmarks.md). WAL
/// lets these readers run beside the writer; each read sees the last commit.
/// </summary>
public sealed class SqliteReadConnections(string connectionString) : IDisposable
{
    /// <summary>
    /// Idle connections kept; more may be open at once, the extra ones are closed when returned. Under
    /// load as many reads run at once as the thread pool has threads; with 4 kept, the rest were opened
    /// and closed ~20 times a second (each open parses the schema and prepares the statements again).
    /// </summary>
    private static readonly int MaxIdle = Math.Max(16, Environment.ProcessorCount * 8);

    private readonly string _connectionString = new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString();
    private readonly ConcurrentBag<PreparedConnection> _idle = [];
    private volatile bool _disposed;

    public PreparedConnection Rent() => _idle.TryTake(out var reader) ? reader : Open();

    public void Return(PreparedConnection reader)
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

    private PreparedConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragmas = connection.CreateCommand();
        // Readers never write.
        pragmas.CommandText = "PRAGMA query_only = ON; " + SqlitePragmaInterceptor.Pragmas;
        pragmas.ExecuteNonQuery();
        return new PreparedConnection(connection);
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var reader)) reader.Dispose();
    }
}
