using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Kassa.Tests.Infrastructure;

/// <summary>
/// A migrated and seeded database, made once per test run (one with the demo catalog, one without) and copied for
/// each test host: migrating and seeding a new database for every host cost the suite more than many of its tests.
/// A template is made by a real Kassa startup on an empty database, so the startup path stays tested; a copy is
/// what a restarted Kassa finds, and its own startup has nothing left to do. The names carry the run's id, so runs
/// sharing one server or folder never meet.
/// </summary>
/// <remarks>
/// The templates are deleted when the test process exits. A PostgreSQL drop can take longer than the test runner
/// waits for its process, so each run also holds an advisory lock named by its id while it lives, and the next run
/// drops the templates of any run whose lock nobody holds.
/// </remarks>
internal static class DatabaseTemplates
{
    private const int LockClass = 0x4b617373; // "Kass": the first key of the runs' advisory locks
    private const string Prefix = "kassa_template_";

    private static readonly int RunKey = Random.Shared.Next();
    private static readonly string Run = RunKey.ToString("x8", CultureInfo.InvariantCulture);
    private static readonly ConcurrentDictionary<bool, Lazy<Task<string>>> Made = new();
    private static readonly Lazy<Task> Started = new(StartRunAsync);
    private static NpgsqlConnection? _alive;

    /// <summary>
    /// Starts making the demo catalog's template when the test assembly is loaded, while xUnit is still finding the tests:
    /// a cold start of Kassa takes more than a second, and every test with a host waits for it.
    /// </summary>
#pragma warning disable CA2255 // a test assembly, loaded once by its runner
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void StartMakingTheDemoTemplate() => _ = Task.Run(() => NameAsync(withDemoData: true));

    /// <summary>The template's name (the file stem on SQLite), made on first use; parallel callers wait for the one making it.</summary>
    public static Task<string> NameAsync(bool withDemoData) =>
        Made.GetOrAdd(withDemoData, demo => new Lazy<Task<string>>(() => MakeAsync(demo))).Value;

    private static async Task<string> MakeAsync(bool withDemoData)
    {
        await Started.Value;
        var name = $"{Prefix}{Run}_{(withDemoData ? "demo" : "empty")}";
        var maker = KassaFactory.WithoutTemplate(name);
        maker.With("Kassa:SeedDemoData", withDemoData ? "true" : "false");
        maker.KeepDatabase = true;
        await maker.InitializeAsync();
        try
        {
            _ = maker.Services; // starts the host: its startup migrates and seeds
        }
        finally
        {
            await maker.DisposeAsync();
        }

        if (KassaFactory.OnPostgres)
        {
            // CREATE DATABASE … TEMPLATE refuses a template anyone is connected to: none may connect from now on.
            await using var connection = await OpenPostgresAsync();
            await Execute(connection, $"ALTER DATABASE \"{name}\" ALLOW_CONNECTIONS false");
            await Execute(connection, $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}' AND pid <> pg_backend_pid()");
        }
        else
        {
            // Everything into the main file, so copying that one file copies the database.
            await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = SqliteFile(name), Pooling = false }.ToString());
            await connection.OpenAsync();
            await using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            await checkpoint.ExecuteNonQueryAsync();
        }
        return name;
    }

    /// <summary>A new database <paramref name="database"/> with the template's tables and rows.</summary>
    public static async Task CopyAsync(string template, string database)
    {
        if (KassaFactory.OnPostgres)
        {
            await using var connection = await OpenPostgresAsync();
            await Execute(connection, $"CREATE DATABASE \"{database}\" TEMPLATE \"{template}\"");
            return;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(SqliteFile(database))!);
        File.Copy(SqliteFile(template), SqliteFile(database));
    }

    public static string SqliteFile(string name) => Path.Combine(Path.GetTempPath(), "kassa-tests", name + ".db");

    /// <summary>Before this run's first template: mark the run as alive, clear what dead runs left, and delete this run's templates at exit.</summary>
    private static async Task StartRunAsync()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => DeleteOwnTemplates();
        if (!KassaFactory.OnPostgres) return;

        // Held until the process ends, however it ends: the server releases a session's locks with the session.
        var alive = _alive = await OpenPostgresAsync();
        await Execute(alive, $"SELECT pg_advisory_lock({LockClass}, {RunKey})");

        var templates = new List<string>();
        await using (var list = new NpgsqlCommand($"SELECT datname FROM pg_database WHERE starts_with(datname, '{Prefix}')", alive))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) templates.Add(reader.GetString(0));
        foreach (var template in templates)
        {
            if (!int.TryParse(template.AsSpan(Prefix.Length, 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var run) || run == RunKey) continue;
            await using var probe = new NpgsqlCommand($"SELECT pg_try_advisory_lock({LockClass}, {run})", alive);
            if (await probe.ExecuteScalarAsync() is not true) continue; // that run is still going
            await Execute(alive, $"DROP DATABASE IF EXISTS \"{template}\" WITH (FORCE)");
            await Execute(alive, $"SELECT pg_advisory_unlock({LockClass}, {run})");
        }
    }

    private static void DeleteOwnTemplates()
    {
        try
        {
            if (!KassaFactory.OnPostgres)
            {
                foreach (var path in Directory.EnumerateFiles(Path.GetDirectoryName(SqliteFile(""))!, $"{Prefix}{Run}_*"))
                    File.Delete(path);
                return;
            }
            using var connection = new NpgsqlConnection(KassaFactory.PostgresServer);
            connection.Open();
            foreach (var kind in new[] { "demo", "empty" })
            {
                using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Prefix}{Run}_{kind}\" WITH (FORCE)", connection);
                drop.ExecuteNonQuery();
            }
        }
        catch (Exception e) when (e is IOException or NpgsqlException)
        {
            // The process is leaving; the next run clears what is left.
        }
    }

    private static async Task<NpgsqlConnection> OpenPostgresAsync()
    {
        var connection = new NpgsqlConnection(KassaFactory.PostgresServer);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
