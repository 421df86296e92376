using System.Net;
using Kassa.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Kassa.Tests.Data;

/// <summary>
/// Each provider's migrations build exactly the model the code declares: a changed entity without its migration fails
/// here, for both providers, whichever database the suite runs on. (Test hosts skip EF's own check at start-up.)
/// </summary>
public sealed class MigrationsTests
{
    public static TheoryData<string> Providers => ["sqlite", "postgres"];

    [Theory]
    [MemberData(nameof(Providers))]
    public void The_migrations_hold_every_change_to_the_model(string provider)
    {
        using KassaDbContext db = provider == "sqlite"
            ? new SqliteKassaDbContext(new DbContextOptionsBuilder<SqliteKassaDbContext>().UseSqlite("Data Source=:memory:").Options)
            : new PostgresKassaDbContext(new DbContextOptionsBuilder<PostgresKassaDbContext>().UseNpgsql("Host=localhost;Database=unused").Options);

        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(),
            $"The {provider} model has changes no migration holds: add one with `dotnet ef migrations add <Name> --project src/Kassa " +
            $"--context {db.GetType().Name} --output-dir Data/Migrations/{(provider == "sqlite" ? "Sqlite" : "Postgres")}`.");
    }

    [Fact]
    public async Task A_new_empty_database_is_migrated_with_no_error_in_the_log()
    {
        // On PostgreSQL the database exists and is empty, as a DBA or a container image makes it; on SQLite the file is new.
        await using var kassa = KassaFactory.WithoutTemplate("kassa_test_" + Guid.NewGuid().ToString("N")[..16]);
        await kassa.InitializeAsync();
        await using var host = kassa.WithWebHostBuilder(builder => builder.ConfigureLogging(logging => logging.AddFakeLogging()));
        await (await host.CreateClient().GetAsync("/api/store")).Expect(HttpStatusCode.OK);

        var errors = host.Services.GetFakeLogCollector().GetSnapshot().Where(r => r.Level >= LogLevel.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"{e.Category}: {e.Message}")));
    }

    [Fact]
    public async Task A_database_an_earlier_version_left_gets_the_migrations_it_lacks_at_start()
    {
        var earlier = new KassaFactory { KeepDatabase = true };
        await earlier.InitializeAsync();
        string last;
        await using (earlier)
        {
            // The database as the version before the last migration left it.
            await using var scope = earlier.Scope(out var db);
            var migrations = db.Database.GetMigrations().ToList();
            last = migrations[^1];
            await db.GetService<IMigrator>().MigrateAsync(migrations[^2]);
            Assert.DoesNotContain(last, await db.Database.GetAppliedMigrationsAsync());
        }

        await using var upgraded = KassaFactory.OnDatabaseOf(earlier);
        await upgraded.InitializeAsync();
        await (await upgraded.Anonymous().GetAsync("/api/store")).Expect(HttpStatusCode.OK);
        await using (var scope = upgraded.Scope(out var db))
            Assert.Contains(last, await db.Database.GetAppliedMigrationsAsync());
    }
}
