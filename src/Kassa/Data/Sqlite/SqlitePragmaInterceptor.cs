using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Kassa.Data.Sqlite;

/// <summary>
/// Per-connection SQLite settings: wait for a busy writer instead of failing at once, trade the
/// last fsync for throughput (safe with WAL: a crash loses at most the last commits, never integrity),
/// and keep a small page cache: the OS caches the file anyway, and SQLite's default of 2 MB per
/// connection adds up over a pool of connections. A WAL that had to grow past 64 MB (a long reader kept it
/// from starting over) is cut back to that size when it starts over, instead of keeping its largest size on disk.
/// Checkpoints are the write connection's (<see cref="WalUpkeep"/>, which starts the WAL over at 4,096
/// pages): a commit here checkpoints only past twice that, as a fallback, instead of copying pages after every commit
/// once the WAL holds SQLite's default of 1,000, inside the write lock.
/// They are set once per physical connection: a pooled connection keeps them, and compiling the
/// pragmas on every logical open showed up in profiles (docs/benchmarks.md).
/// </summary>
public sealed class SqlitePragmaInterceptor : DbConnectionInterceptor
{
    /// <summary>How long a statement waits for a busy writer before it fails, in milliseconds.</summary>
    public const int BusyTimeout = 10_000;

    public static readonly string Pragmas =
        $"PRAGMA busy_timeout = {BusyTimeout}; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -512; PRAGMA journal_size_limit = 67108864; PRAGMA wal_autocheckpoint = {2 * WalUpkeep.RestartAfterFrames};";

    private readonly ConditionalWeakTable<object, object> _configured = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (!IsNew(connection)) return;
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (!IsNew(connection)) return;
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>True the first time this physical connection (its native handle) is seen.</summary>
    private bool IsNew(DbConnection connection)
    {
        if (connection is not SqliteConnection { Handle: { } handle }) return true;
        return _configured.TryAdd(handle, handle);
    }
}
