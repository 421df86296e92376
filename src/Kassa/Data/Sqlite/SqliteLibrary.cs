using SQLitePCL;

namespace Kassa.Data.Sqlite;

/// <summary>
/// Process-wide SQLite settings, applied before the first connection opens (SQLite ignores them after).
/// Kassa uses every connection, and every statement of it, from one request or writer at a time, so the
/// per-connection mutex of SQLite's default "serialized" mode is pure cost: it was taken and released
/// around each of the ~100 column reads of a cart read (docs/benchmarks.md). Memory statistics, which
/// take a global mutex on every allocation, feed only limits Kassa does not set. The calls of a row read go
/// straight into the library (<see cref="SqliteDirectCalls"/>).
/// </summary>
public static class SqliteLibrary
{
    private static readonly Lazy<bool> Configured = new(() =>
    {
        Batteries_V2.Init();
        var multiThread = raw.sqlite3_config(raw.SQLITE_CONFIG_MULTITHREAD) == raw.SQLITE_OK;
        var noMemoryStatistics = raw.sqlite3_config(raw.SQLITE_CONFIG_MEMSTATUS, 0) == raw.SQLITE_OK;
        var configured = multiThread && noMemoryStatistics;
        // The direct calls skip the GC transition, which is safe only without SQLite's mutexes. Microsoft.Data.Sqlite
        // initialises the batteries again when its first connection is created: frozen, ours stays.
        if (configured)
        {
            raw.SetProvider(new SqliteDirectCalls(new SQLite3Provider_e_sqlite3()));
            raw.FreezeProvider();
        }
        return configured;
    });

    /// <summary>
    /// True when the settings took effect and the direct calls are in place; false if SQLite had already started in this
    /// process, which then keeps SQLitePCLRaw's own calls.
    /// </summary>
    public static bool Configure() => Configured.Value;
}
