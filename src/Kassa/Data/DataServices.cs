using Microsoft.Data.Sqlite;
using Npgsql;
using Microsoft.EntityFrameworkCore;
using Kassa.Data.Sqlite;

namespace Kassa.Data;

public static class DataServices
{
    public const string DefaultSqliteConnectionString = "Data Source=./data/kassa.db";

    /// <summary>Registers <see cref="KassaDbContext"/> for the configured provider.</summary>
    public static IServiceCollection AddKassaData(this IServiceCollection services, DatabaseOptions database)
    {
        services.AddSingleton<StampingInterceptor>();
        services.AddSingleton<NoSavepointsInterceptor>();
        services.AddSingleton<CatalogCache>();
        services.AddSingleton<CartLocks>();
        switch (database.Provider.Trim().ToLowerInvariant())
        {
            case "sqlite":
                SqliteLibrary.Configure();
                var sqlite = SqliteConnectionString(database.ConnectionString);
                services.AddSingleton(new SqlitePragmaInterceptor());
                services.AddSingleton<SqliteWriteLock>();
                services.AddSingleton<SqliteWriteLockInterceptor>();
                services.AddSingleton(_ => new SqliteReadConnections(sqlite));
                services.AddSingleton(sp => new GroupCommitWriter(sqlite, sp.GetRequiredService<SqliteWriteLock>()));
                services.AddDbContextPool<KassaDbContext, SqliteKassaDbContext>((sp, options) => options
                    .UseSqlite(sqlite)
                    .AddInterceptors(sp.GetRequiredService<StampingInterceptor>(), sp.GetRequiredService<NoSavepointsInterceptor>(),
                        sp.GetRequiredService<SqlitePragmaInterceptor>(), sp.GetRequiredService<SqliteWriteLockInterceptor>()));
                break;
            case "postgres" or "postgresql":
                if (string.IsNullOrWhiteSpace(database.ConnectionString))
                    throw new InvalidOperationException(
                        "Kassa__Database__Provider is 'postgres' but Kassa__Database__ConnectionString is empty; set it to e.g. 'Host=localhost;Database=kassa;Username=kassa;Password=...'.");
                services.AddDbContextPool<KassaDbContext, PostgresKassaDbContext>((sp, options) => options
                    .UseNpgsql(PostgresConnectionString(database.ConnectionString))
                    .AddInterceptors(sp.GetRequiredService<StampingInterceptor>(), sp.GetRequiredService<NoSavepointsInterceptor>()));
                break;
            default:
                throw new InvalidOperationException(
                    $"Kassa__Database__Provider is '{database.Provider}'; use 'sqlite' or 'postgres'.");
        }
        return services;
    }

    /// <summary>
    /// The PostgreSQL connection string with automatic preparation on unless it says otherwise: the cart
    /// read and writes repeat the same few statements, which the server then parses and plans once per
    /// connection instead of on every request.
    /// </summary>
    public static string PostgresConnectionString(string configured)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = configured };
        var builder = new NpgsqlConnectionStringBuilder(configured);
        if (!given.Keys.Cast<string>().Any(k => k.Replace(" ", "", StringComparison.Ordinal).Equals("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase)))
            builder.MaxAutoPrepare = 64;
        return builder.ConnectionString;
    }

    /// <summary>The SQLite connection string, with its folder created so a fresh clone just starts.</summary>
    public static string SqliteConnectionString(string? configured)
    {
        var builder = new SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(configured) ? DefaultSqliteConnectionString : configured)
        {
            DefaultTimeout = 30,
            Pooling = true,
        };
        if (builder.DataSource is { Length: > 0 } file && file != ":memory:" && builder.Mode != SqliteOpenMode.Memory)
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(file));
            if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        }
        return builder.ToString();
    }
}
