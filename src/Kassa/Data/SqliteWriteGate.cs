using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;

namespace Kassa.Data;

/// <summary>
/// SQLite has one writer per database file. Without this gate, waiting writers sit in SQLite's busy
/// handler, which sleeps on a thread-pool thread with back-off steps of up to 100 ms; here they queue
/// asynchronously in the process and take over the moment the previous writer commits. The busy
/// timeout stays as the fallback between processes. PostgreSQL needs no gate.
/// </summary>
public static class SqliteWriteGate
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);

    /// <summary>Waits for this database's write turn; dispose the result to hand it on. A no-op on PostgreSQL.</summary>
    public static async ValueTask<Turn> EnterWriteAsync(this KassaDbContext db, CancellationToken ct)
    {
        if (!db.Database.IsSqlite()) return default;
        var gate = Gates.GetOrAdd(db.Database.GetConnectionString() ?? "", _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        return new Turn(gate);
    }

    public readonly struct Turn(SemaphoreSlim? gate) : IDisposable
    {
        public void Dispose() => gate?.Release();
    }
}
