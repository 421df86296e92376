using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Data.Sqlite;
using Npgsql;
using Kassa.Data;
using Kassa.Logging;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Kassa.Tests.Infrastructure;

/// <summary>
/// Kassa hosted in memory on its own database: a temporary SQLite file, or, when <c>KASSA_TEST_POSTGRES</c> holds a
/// connection string, a PostgreSQL database created for this factory and dropped afterwards. The database starts as
/// a copy of a migrated and seeded template (<see cref="DatabaseTemplates"/>); the demo catalog is there unless a
/// test sets <c>Kassa:SeedDemoData</c> to false. Call <see cref="InitializeAsync"/> before the first request (xUnit
/// does for a class fixture) and dispose it to drop the database.
/// </summary>
public class KassaFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AdminKey = "test-admin-key-0123456789";
    public const string SandboxSecret = "test-sandbox-webhook-secret";

    /// <summary>Where every factory's clock starts; a template is made at this time too, so its rows are stamped alike.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    internal static readonly string? PostgresServer = Environment.GetEnvironmentVariable("KASSA_TEST_POSTGRES") is { Length: > 0 } cs ? cs : null;

    private readonly string _databaseName;
    private readonly bool _createsDatabase;
    private readonly bool _fromTemplate;
    private readonly string _sqliteFile;
    private readonly Dictionary<string, string?> _settings = new();
    private bool _initialized;
    private bool _dropped;

    public KassaFactory() : this("kassa_test_" + Guid.NewGuid().ToString("N")[..16], createsDatabase: true, fromTemplate: true)
    {
    }

    private KassaFactory(string databaseName, bool createsDatabase, bool fromTemplate)
    {
        _databaseName = databaseName;
        _createsDatabase = createsDatabase;
        _fromTemplate = fromTemplate;
        _sqliteFile = DatabaseTemplates.SqliteFile(_databaseName);
        Clock = new FakeTimeProvider(Start);
    }

    /// <summary>
    /// A second host on the database of <paramref name="earlier"/> (which should have
    /// <see cref="KeepDatabase"/> set), as a restarted Kassa process would see it. The new factory owns the
    /// database from then on: it drops it when disposed unless its own <see cref="KeepDatabase"/> is set.
    /// </summary>
    public static KassaFactory OnDatabaseOf(KassaFactory earlier) => new(earlier._databaseName, createsDatabase: false, fromTemplate: false);

    /// <summary>A host on a new, empty database <paramref name="databaseName"/> that its own startup migrates and seeds.</summary>
    internal static KassaFactory WithoutTemplate(string databaseName) => new(databaseName, createsDatabase: true, fromTemplate: false);

    /// <summary>A host on database <paramref name="databaseName"/>, which nothing makes before Kassa starts.</summary>
    internal static KassaFactory OnMissingDatabase(string databaseName) => new(databaseName, createsDatabase: false, fromTemplate: false);

    /// <summary>A factory of its own with <paramref name="settings"/>, its database made, for a test that needs a fresh store or settings; dispose it.</summary>
    public static async Task<KassaFactory> CreateAsync(params (string Key, string? Value)[] settings)
    {
        var factory = new KassaFactory();
        foreach (var (key, value) in settings) factory.With(key, value);
        await factory.InitializeAsync();
        return factory;
    }

    /// <summary>When set, disposing stops the host but leaves the database for <see cref="OnDatabaseOf"/>.</summary>
    public bool KeepDatabase { get; set; }

    /// <summary>The database (PostgreSQL) or file stem (SQLite) this factory runs on.</summary>
    public string DatabaseName => _databaseName;

    public static bool OnPostgres => PostgresServer is not null;

    /// <summary>The clock Kassa sees; tests move it.</summary>
    public FakeTimeProvider Clock { get; }

    /// <summary>
    /// A setting for the host, given before its first request; <c>Kassa:SeedDemoData</c> before
    /// <see cref="InitializeAsync"/>, which copies the template that it picks.
    /// </summary>
    public KassaFactory With(string key, string? value)
    {
        if (_initialized && key == "Kassa:SeedDemoData")
            throw new InvalidOperationException("Kassa:SeedDemoData is read when the database is made: set it before InitializeAsync.");
        _settings[key] = value;
        return this;
    }

    public string ConnectionString => PostgresServer is null
        ? $"Data Source={_sqliteFile}"
        : new NpgsqlConnectionStringBuilder(PostgresServer) { Database = _databaseName }.ConnectionString;

    public string Provider => PostgresServer is null ? "sqlite" : "postgres";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("urls", "http://127.0.0.1:0");
        builder.UseSetting("Kassa:Database:Provider", Provider);
        builder.UseSetting("Kassa:Database:ConnectionString", ConnectionString);
        builder.UseSetting("Kassa:AdminApiKey", AdminKey);
        builder.UseSetting("Kassa:Payments:Sandbox:WebhookSecret", SandboxSecret);
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        // appsettings.json's levels outrank a minimum level: the console keeps warnings and errors only. A test that reads
        // the logs adds its own provider, which this does not touch.
        builder.ConfigureLogging(logging => logging.AddFilter<BatchedConsoleLoggerProvider>(level => level >= LogLevel.Warning));
        builder.ConfigureServices(services =>
        {
            services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock));
            // Every start compares the model with the migrations (about a tenth of the suite's CPU); MigrationsTests does it once.
            services.ConfigureDbContext<SqliteKassaDbContext>(IgnorePendingModelChanges);
            services.ConfigureDbContext<PostgresKassaDbContext>(IgnorePendingModelChanges);
            services.PostConfigure<JsonOptions>(json => SharedResolvers.Use(json.SerializerOptions));
        });
    }

    private static void IgnorePendingModelChanges(DbContextOptionsBuilder options) =>
        options.ConfigureWarnings(warnings => warnings.Ignore(RelationalEventId.PendingModelChangesWarning));

    public HttpClient Anonymous() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    public HttpClient Admin()
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Add("X-API-TOKEN", AdminKey);
        return client;
    }

    /// <summary>A fresh DbContext on this factory's database, for looking behind the API.</summary>
    public AsyncServiceScope Scope(out KassaDbContext db)
    {
        var scope = Services.CreateAsyncScope();
        db = scope.ServiceProvider.GetRequiredService<KassaDbContext>();
        return scope;
    }

    /// <summary>
    /// How many rows each table a refused request could touch holds, and the settings row's version, as text read in one
    /// statement: the same text before and after a request means it wrote nothing.
    /// </summary>
    public async Task<string> RowCounts()
    {
        await using var scope = Scope(out var db);
        var counts = await db.StoreSettings.AsNoTracking().Select(s => new
        {
            s.Version,
            Carts = db.Carts.IgnoreQueryFilters().Count(),
            Items = db.CartItems.Count(),
            Checkouts = db.Checkouts.IgnoreQueryFilters().Count(),
            Orders = db.Orders.Count(),
            Products = db.Products.Count(),
            ShippingMethods = db.ShippingMethods.Count(),
            Discounts = db.Discounts.Count(),
            Idempotency = db.IdempotencyRecords.Count(),
            PaymentEvents = db.PaymentEvents.Count(),
        }).SingleAsync();
        return counts.ToString()!;
    }

    public async Task InitializeAsync()
    {
        _initialized = true;
        if (!_createsDatabase) return;
        if (_fromTemplate && TemplateFits() is { } withDemoData)
        {
            await DatabaseTemplates.CopyAsync(await DatabaseTemplates.NameAsync(withDemoData), _databaseName);
            return;
        }
        if (PostgresServer is null) return; // the host's startup creates the file
        await using var connection = new NpgsqlConnection(PostgresServer);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_databaseName}\"", connection);
        await create.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Whether a template holds what this host's startup would write, and which one: startup writes the settings
    /// row and, unless <c>Kassa:SeedDemoData</c> is false, the demo catalog, stamped with the clock's time.
    /// </summary>
    private bool? TemplateFits()
    {
        if (Clock.GetUtcNow() != Start) return null;
        if (!_settings.TryGetValue("Kassa:SeedDemoData", out var seed)) return true;
        return bool.TryParse(seed, out var withDemoData) ? withDemoData : null;
    }

    /// <summary>Stops the host and drops the database (unless <see cref="KeepDatabase"/> is set).</summary>
    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_dropped) return;
        _dropped = true;
        if (KeepDatabase)
        {
            // As if the process had exited: no pooled connection outlives the host.
            if (PostgresServer is null) SqliteConnection.ClearAllPools();
            else NpgsqlConnection.ClearAllPools();
            return;
        }
        if (PostgresServer is null)
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
                File.Delete(_sqliteFile + suffix);
            return;
        }
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(PostgresServer);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_databaseName}\" WITH (FORCE)", connection);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await drop.ExecuteNonQueryAsync();
                return;
            }
            // An autovacuum worker in the database cannot be stopped by a role without pg_signal_backend
            // (servers not set up by scripts/start-postgres.sh); it finishes within moments.
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege && attempt < 20)
            {
                await Task.Delay(250);
            }
        }
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
}
