using Microsoft.Data.Sqlite;

namespace Kassa.Data;

/// <summary>
/// The SQLite connection the hot writes use (<see cref="Kassa.Carts.CartSaving"/>), kept open with its
/// statements prepared, like the read connections (<see cref="SqliteReadConnections"/>): opening a pooled
/// connection and compiling each statement again was a tenth of a cart write. SQLite has one writer per
/// database anyway, so one connection is all the writes need; <see cref="EnterAsync"/> hands it to one user
/// at a time (the database's write turn already orders them, so it is normally free).
/// </summary>
public sealed class SqliteWriteConnection(string connectionString) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private PreparedConnection? _connection;
    private bool _disposed;

    /// <summary>Waits for the connection; dispose the result to hand it on.</summary>
    public async ValueTask<Lease> EnterAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return new Lease(this, _connection ??= Open());
        }
        catch
        {
            _gate.Release();
            throw;
        }
    }

    private PreparedConnection Open()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
        connection.Open();
        using var pragmas = connection.CreateCommand();
        // As every other connection that writes (SqlitePragmaInterceptor).
        pragmas.CommandText = SqlitePragmaInterceptor.Pragmas;
        pragmas.ExecuteNonQuery();
        return new PreparedConnection(connection);
    }

    /// <summary>A connection that failed mid-transaction is closed, so the next user starts on a clean one.</summary>
    private void Discard()
    {
        _connection?.Dispose();
        _connection = null;
    }

    public void Dispose()
    {
        _gate.Wait();
        _disposed = true;
        Discard();
        _gate.Release();
    }

    public readonly struct Lease(SqliteWriteConnection owner, PreparedConnection connection) : IDisposable
    {
        public PreparedConnection Connection => connection;

        /// <summary>Closes the connection when it is handed back, instead of keeping it.</summary>
        public void Discard() => owner.Discard();

        public void Dispose() => owner._gate.Release();
    }
}
