using System.Collections.Concurrent;
using System.Data.Common;
using Kassa.Catalog;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Options;

namespace Kassa.Data;

public static partial class DatabaseStartup
{
    /// <summary>
    /// Checks that the database can be used (waiting for a PostgreSQL server that is starting), applies migrations and,
    /// on a brand-new database, writes the settings row and demo catalog. A database Kassa cannot use is a <see cref="Hosting.StartupProblem"/>.
    /// </summary>
    public static async Task InitializeDatabaseAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KassaDbContext>();
        var options = scope.ServiceProvider.GetRequiredService<IOptions<KassaOptions>>().Value;
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("Kassa.Database");

        var connectionString = RelationalOptionsExtension.Extract(scope.ServiceProvider.GetRequiredService<DbContextOptions>()).ConnectionString!;
        await DatabaseReachability.CheckAsync(connectionString, options.Database, scope.ServiceProvider.GetRequiredService<TimeProvider>(), logger, ct);
        try
        {
            // EF takes a database-wide migration lock, so several instances may start at once. A database that has
            // every migration is left alone: no lock to take and release, no schema script to build.
            var applied = await AppliedMigrationsAsync(db, ct);
            if (applied is null) await CreateHistoryTableAsync(db, ct);
            if (applied is null || !BuildMigrations(db).All(applied.Contains)) await db.Database.MigrateAsync(ct);
            if (db.Database.IsSqlite()) await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", ct);
        }
        catch (DbException e)
        {
            throw DatabaseReachability.MigrationFailed(db, e);
        }

        if (await db.StoreSettings.AnyAsync(ct)) return;
        try
        {
            await DemoCatalog.AddToAsync(db, options.SeedDemoData, ct);
            await db.SaveChangesAsync(ct);
            LogSeeded(logger, options.SeedDemoData);
        }
        catch (DbUpdateException)
        {
            // Another instance seeded the same new database first; its data stands.
            db.ChangeTracker.Clear();
        }
    }

    private const string HistoryTable = "__EFMigrationsHistory";

    private static readonly ConcurrentDictionary<Type, string[]> KnownMigrations = new();

    /// <summary>This build's migrations for the context's provider, found once per context type.</summary>
    private static string[] BuildMigrations(KassaDbContext db) =>
        KnownMigrations.GetOrAdd(db.GetType(), _ => db.Database.GetMigrations().ToArray());

    /// <summary>
    /// The migrations the history table lists, read with two plain queries, or null when there is no history table yet:
    /// EF's own <c>GetPendingMigrationsAsync</c> builds a model of the history table and finds the migration classes again
    /// on every call, a fifth of a start.
    /// </summary>
    private static async Task<List<string>?> AppliedMigrationsAsync(KassaDbContext db, CancellationToken ct)
    {
        var exists = db.Database.IsSqlite()
            ? $"SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '{HistoryTable}') AS \"Value\""
            : $"SELECT to_regclass('\"{HistoryTable}\"') IS NOT NULL AS \"Value\"";
        if (!await db.Database.SqlQueryRaw<bool>(exists).SingleAsync(ct)) return null;
        return await db.Database.SqlQueryRaw<string>($"SELECT \"MigrationId\" AS \"Value\" FROM \"{HistoryTable}\"").ToListAsync(ct);
    }

    /// <summary>
    /// The history table, made before EF's migrator runs on a new database: Npgsql's migrator takes a database without
    /// one for a database with one, and the first line of a good first start was its failed read of it, as an error.
    /// </summary>
    private static async Task CreateHistoryTableAsync(KassaDbContext db, CancellationToken ct)
    {
        try
        {
            await db.Database.ExecuteSqlRawAsync(db.GetService<IHistoryRepository>().GetCreateIfNotExistsScript(), ct);
        }
        catch (Npgsql.PostgresException e) when (e.SqlState is Npgsql.PostgresErrorCodes.UniqueViolation or Npgsql.PostgresErrorCodes.DuplicateTable)
        {
            // Another instance starting at the same moment made it first (IF NOT EXISTS does not exclude that race).
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "New database: store settings created (demo catalog: {WithDemo})")]
    private static partial void LogSeeded(ILogger logger, bool withDemo);
}
