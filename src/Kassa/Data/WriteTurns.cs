using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;

namespace Kassa.Data;

/// <summary>
/// Turns to write, taken before a transaction. SQLite has one writer per database file. Without this gate, waiting writers sit in SQLite's busy
/// handler, which sleeps on a thread-pool thread with back-off steps of up to 100 ms; here they queue
/// asynchronously in the process and take over the moment the previous writer commits. The busy
/// timeout stays as the fallback between processes. PostgreSQL needs no database-wide gate. On both,
/// writers of one cart also queue per cart (<see cref="EnterCartTurnAsync"/>), before the database turn.
/// </summary>
public static class WriteTurns
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);

    /// <summary>Writers of one cart in this process.</summary>
    internal static readonly KeyedLocks<Guid> CartGates = new();

    /// <summary>Waits for this database's write turn; dispose the result to hand it on. A no-op on PostgreSQL.</summary>
    public static ValueTask<Turn> EnterWriteAsync(this KassaDbContext db, CancellationToken ct) =>
        db.Database.IsSqlite() ? EnterSqliteWriteAsync(db.Database.GetConnectionString() ?? "", ct) : default;

    /// <summary>The write turn of the SQLite database with this connection string (as the contexts are configured with it).</summary>
    public static async ValueTask<Turn> EnterSqliteWriteAsync(string connectionString, CancellationToken ct)
    {
        var gate = Gates.GetOrAdd(connectionString, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        return new Turn(gate, null);
    }

    /// <summary>
    /// Waits for the turn to write one cart in this process, on either database: the writers of a hot cart
    /// wait here, holding nothing (no connection, no transaction, no database turn), and take over one
    /// after another, so none of them fails a version check against another writer of this process. The
    /// version check (and on PostgreSQL the row lock) still orders writers across processes.
    /// </summary>
    public static async ValueTask<Turn> EnterCartTurnAsync(Guid cart, CancellationToken ct) =>
        new(null, await CartGates.EnterAsync(cart, ct));

    public readonly struct Turn(SemaphoreSlim? gate, Action? release) : IDisposable
    {
        public void Dispose()
        {
            gate?.Release();
            release?.Invoke();
        }
    }
}
