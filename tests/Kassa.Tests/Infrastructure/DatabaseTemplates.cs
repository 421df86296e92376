using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Kassa.Tests.Infrastructure;

/// <summary>
/// A migrated and seeded database, made once per test run (one with the demo catalog, one without) and copied for
/// each test host: migrating and seeding a new database for every host cost the suite more than many of its tests.
/// A template is made by a real Kassa startup on an empty database, so the startup path stays tested; a copy is
/// what a restarted Kassa finds, and its own startup has nothing left to do. The names carry the run's id, so runs
/// sharing one PostgreSQL server never meet, and the templates go when the test process exits.
/// </summary>
internal static class DatabaseTemplates
{
    private static readonly string Run = Guid.NewGuid().ToString("N")[..8];
    private static readonly ConcurrentDictionary<bool, Lazy<Task<string>>> Made = new();

    /// <summary>The template's name (the file stem on SQLite), made on first use; parallel callers wait for the one making it.</summary>
    public static Task<string> NameAsync(bool withDemoData) =>
        Made.GetOrAdd(withDemoData, demo => new Lazy<Task<string>>(() => MakeAsync(demo))).Value;

    private static async Task<string> MakeAsync(bool withDemoData)
    {
        var name = $"kassa_template_{Run}_{(withDemoData ? "demo" : "empty")}";
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Drop(name);
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

    private static void Drop(string name)
    {
        try
        {
            if (!KassaFactory.OnPostgres)
            {
                foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(SqliteFile(name) + suffix);
                return;
            }
            using var connection = new NpgsqlConnection(KassaFactory.PostgresServer);
            connection.Open();
            using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            drop.ExecuteNonQuery();
        }
        catch (Exception e) when (e is IOException or NpgsqlException)
        {
            // The process is leaving; a template left behind is named for its run and harms no other.
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
