using SQLitePCL;

namespace Kassa.Data;

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
        raw.sqlite3_config(raw.SQLITE_CONFIG_MEMSTATUS, 0);
        // Microsoft.Data.Sqlite initialises the batteries again when its first connection is created: frozen, ours stays.
        raw.SetProvider(new SqliteDirectCalls(new SQLite3Provider_e_sqlite3()));
        raw.FreezeProvider();
        return multiThread;
    });

    /// <summary>True when the settings took effect (false if SQLite had already started in this process).</summary>
    public static bool Configure() => Configured.Value;
}
