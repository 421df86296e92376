using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Kassa.Data;

// Used only by `dotnet ef migrations add`; each provider keeps its own migrations folder.
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteKassaDbContext>
{
    public SqliteKassaDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteKassaDbContext>().UseSqlite("Data Source=design.db").Options);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresKassaDbContext>
{
    public PostgresKassaDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresKassaDbContext>().UseNpgsql("Host=localhost;Database=design").Options);
}
