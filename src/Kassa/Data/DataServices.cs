using Microsoft.Data.Sqlite;
using Npgsql;
using Microsoft.EntityFrameworkCore;
using Kassa.Data.Sqlite;
using Kassa.Hosting;

namespace Kassa.Data;

public static class DataServices
{
    /// <summary>Where the SQLite database lives when neither a data directory nor a connection string is set: under the working directory.</summary>
    public const string DefaultDataDirectory = "./data";

    public const string SqliteFileName = "kassa.db";

    /// <summary>Registers <see cref="KassaDbContext"/> for the configured provider (checked by <see cref="KassaSettings"/>).</summary>
    public static IServiceCollection AddKassaData(this IServiceCollection services, DatabaseOptions database, string? dataDirectory = null)
    {
        services.AddSingleton<StampingInterceptor>();
        services.AddSingleton<NoSavepointsInterceptor>();
        services.AddSingleton<CatalogCache>();
        services.AddSingleton<CartLocks>();
        services.AddSingleton<Webhooks.WebhookSignal>();
        switch (database.Provider.Trim().ToLowerInvariant())
        {
            case "sqlite":
                SqliteLibrary.Configure();
                var sqlite = SqliteConnectionString(database.ConnectionString, dataDirectory);
                services.AddSingleton(new SqlitePragmaInterceptor());
                services.AddSingleton<SqliteWriteLock>();
                services.AddSingleton<SqliteWriteLockInterceptor>();
                services.AddSingleton(_ => new SqliteReadConnections(sqlite));
                services.AddSingleton(sp => new GroupCommitWriter(sqlite, sp.GetRequiredService<SqliteWriteLock>()));
                services.AddDbContextPool<KassaDbContext, SqliteKassaDbContext>((sp, options) => options
                    .UseSqlite(sqlite)
                    .AddInterceptors(sp.GetRequiredService<StampingInterceptor>(), sp.GetRequiredService<NoSavepointsInterceptor>(),
                        sp.GetRequiredService<SqlitePragmaInterceptor>(), sp.GetRequiredService<SqliteWriteLockInterceptor>(),
                        sp.GetRequiredService<Webhooks.WebhookSignal>()));
                break;
            case "postgres" or "postgresql":
                if (string.IsNullOrWhiteSpace(database.ConnectionString))
                    throw new StartupProblem(
                        $"Kassa:Database:Provider is 'postgres' but Kassa:Database:ConnectionString is empty; set it, e.g. Kassa__Database__ConnectionString='{PostgresExample}'.");
                var postgres = PostgresConnectionString(database.ConnectionString);
                services.AddDbContextPool<KassaDbContext, PostgresKassaDbContext>((sp, options) => options
                    .UseNpgsql(postgres)
                    .AddInterceptors(sp.GetRequiredService<StampingInterceptor>(), sp.GetRequiredService<NoSavepointsInterceptor>(),
                        sp.GetRequiredService<Webhooks.WebhookSignal>()));
                break;
            default:
                throw new StartupProblem(
                    $"Kassa:Database:Provider is '{database.Provider}' but must be 'sqlite' or 'postgres', e.g. Kassa__Database__Provider=postgres.");
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
        System.Data.Common.DbConnectionStringBuilder given;
        NpgsqlConnectionStringBuilder builder;
        try
        {
            given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = configured };
            builder = new NpgsqlConnectionStringBuilder(configured);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            throw new StartupProblem(
                $"Kassa:Database:ConnectionString is not a PostgreSQL connection string ({e.Message.TrimEnd('.')}); write it as e.g. Kassa__Database__ConnectionString='{PostgresExample}'.", e);
        }
        if (!given.Keys.Cast<string>().Any(k => k.Replace(" ", "", StringComparison.Ordinal).Equals("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase)))
            builder.MaxAutoPrepare = 64;
        return builder.ConnectionString;
    }

    public const string PostgresExample = "Host=db.internal;Port=5432;Database=kassa;Username=kassa;Password=...";

    /// <summary>
    /// The SQLite connection string: the configured one, or <c>&lt;dataDirectory&gt;/kassa.db</c>, with its folder
    /// created so a fresh clone just starts.
    /// </summary>
    public static string SqliteConnectionString(string? configured, string? dataDirectory = null)
    {
        SqliteConnectionStringBuilder builder;
        try
        {
            builder = new SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(configured)
                ? $"Data Source={Path.Combine(string.IsNullOrWhiteSpace(dataDirectory) ? DefaultDataDirectory : dataDirectory, SqliteFileName)}"
                : configured)
            {
                DefaultTimeout = 30,
                Pooling = true,
            };
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            throw new StartupProblem(
                $"Kassa:Database:ConnectionString is not an SQLite connection string ({e.Message.Split(". ")[0].TrimEnd('.')}); write it as e.g. Kassa__Database__ConnectionString='Data Source=/var/lib/kassa/kassa.db', or leave it unset and set Kassa__DataDirectory.", e);
        }
        if (builder.DataSource is { Length: > 0 } file && file != ":memory:" && builder.Mode != SqliteOpenMode.Memory)
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(file));
            if (!string.IsNullOrEmpty(folder))
                StartupFolder.Create(folder, "the SQLite database", string.IsNullOrWhiteSpace(configured)
                    ? "set Kassa:DataDirectory to a folder Kassa may write, e.g. Kassa__DataDirectory=/var/lib/kassa"
                    : "point Kassa:Database:ConnectionString at a folder Kassa may write, e.g. Kassa__Database__ConnectionString='Data Source=/var/lib/kassa/kassa.db'");
        }
        return builder.ToString();
    }
}
