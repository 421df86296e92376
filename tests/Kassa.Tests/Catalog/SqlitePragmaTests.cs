using Kassa.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Kassa.Tests.Catalog;

/// <summary>The SQLite pragmas are set once per physical connection and hold on every reuse from the pool.</summary>
[Collection(SharedKassa.Surface)]
public sealed class SqlitePragmaTests(KassaFactory factory)
{
    [SqliteFact]
    public async Task Every_pooled_open_sees_busy_timeout_synchronous_normal_foreign_keys_and_the_WAL_limits()
    {
        _ = factory.Anonymous();
        for (var i = 0; i < 5; i++)
        {
            await using var scope = factory.Scope(out var db);
            await db.Database.OpenConnectionAsync();
            try
            {
                Assert.Equal(10000L, await Pragma(db, "busy_timeout"));
                Assert.Equal(1L, await Pragma(db, "synchronous"));
                Assert.Equal(1L, await Pragma(db, "foreign_keys"));
                Assert.Equal("wal", await PragmaText(db, "journal_mode"));
                // The write connection checkpoints and starts the WAL over at 4,096 pages; a pooled commit only past twice that.
                Assert.Equal(8192L, await Pragma(db, "wal_autocheckpoint"));
                Assert.Equal(64L << 20, await Pragma(db, "journal_size_limit"));
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }

    private static async Task<long> Pragma(Kassa.Data.KassaDbContext db, string name)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = $"PRAGMA {name};";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<string?> PragmaText(Kassa.Data.KassaDbContext db, string name)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = $"PRAGMA {name};";
        return (string?)await command.ExecuteScalarAsync();
    }
}
