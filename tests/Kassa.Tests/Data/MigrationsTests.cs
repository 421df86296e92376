using Kassa.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

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
}
