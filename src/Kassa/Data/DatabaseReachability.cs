using System.Data.Common;
using Kassa.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Kassa.Data;

/// <summary>
/// One plain connection before the migrations run, so that a database Kassa cannot use stops start-up with a sentence
/// (<see cref="StartupProblem"/>) instead of EF's error log and a stack trace; a PostgreSQL server that is not up yet
/// (a machine booting, a container starting beside Kassa) is tried again for <c>Kassa:Database:StartupRetrySeconds</c>.
/// </summary>
public static partial class DatabaseReachability
{
    /// <param name="connectionString">As the context's options hold it: asking the context would build EF's model first,
    /// most of a cold start's CPU, which a database that cannot be used never needs.</param>
    public static Task CheckAsync(string connectionString, DatabaseOptions options, TimeProvider clock, ILogger logger, CancellationToken ct) =>
        options.IsSqlite
            ? CheckSqliteAsync(connectionString, ct)
            : WaitForPostgresAsync(connectionString, TimeSpan.FromSeconds(options.StartupRetrySeconds), clock, logger, ct);

    /// <summary>Opens the file, reads its schema and takes and gives back the write lock: it exists or can be made, is a database, and may be written.</summary>
    private static async Task CheckSqliteAsync(string connectionString, CancellationToken ct)
    {
        try
        {
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync(ct);
            await using var probe = connection.CreateCommand();
            probe.CommandText = "PRAGMA schema_version; BEGIN IMMEDIATE; ROLLBACK;";
            await probe.ExecuteNonQueryAsync(ct);
        }
        catch (SqliteException e)
        {
            var file = new SqliteConnectionStringBuilder(connectionString).DataSource;
            var fix = e.SqliteErrorCode switch
            {
                26 => "it is not a Kassa database; move that file away or point Kassa__DataDirectory (or Kassa__Database__ConnectionString) elsewhere",
                8 => "Kassa may only read it; let the user Kassa runs as write the file and its folder, or set Kassa__DataDirectory to a folder it may write",
                _ => "set Kassa__DataDirectory to a folder Kassa may write, e.g. Kassa__DataDirectory=/var/lib/kassa",
            };
            throw new StartupProblem($"The SQLite database {Path.GetFullPath(file)} cannot be used ({OneLine(e.Message)}): {fix}.", e);
        }
    }

    private static async Task WaitForPostgresAsync(string connectionString, TimeSpan budget, TimeProvider clock, ILogger logger, CancellationToken ct)
    {
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        var server = $"{settings.Host}:{settings.Port}";
        try
        {
            await RetryAsync(async token =>
                {
                    await using var connection = new NpgsqlConnection(connectionString);
                    await connection.OpenAsync(token);
                    return true;
                },
                e => e is NpgsqlException { IsTransient: true }, budget, clock,
                (e, wait) => LogNotYet(logger, server, OneLine(Innermost(e).Message), wait.TotalSeconds), ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            await CreatePostgresDatabaseAsync(settings, server, e, ct);
        }
        catch (PostgresException e)
        {
            throw new StartupProblem(e.SqlState switch
            {
                PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification =>
                    $"PostgreSQL at {server} refused user '{settings.Username}' ({OneLine(e.MessageText)}); check Username and Password in Kassa__Database__ConnectionString, e.g. '{DataServices.PostgresExample}'.",
                _ when e.IsTransient =>
                    $"PostgreSQL at {server} did not accept a connection for {budget.TotalSeconds:0} s ({OneLine(e.MessageText)}); let it start, or wait longer with e.g. Kassa__Database__StartupRetrySeconds=120.",
                _ => $"PostgreSQL at {server} refused the connection ({e.SqlState}: {OneLine(e.MessageText)}); check Kassa__Database__ConnectionString, e.g. '{DataServices.PostgresExample}'.",
            }, e);
        }
        catch (NpgsqlException e)
        {
            throw new StartupProblem(
                $"PostgreSQL at {server} could not be reached{(budget > TimeSpan.Zero ? $" for {budget.TotalSeconds:0} s" : "")} ({OneLine(Innermost(e).Message)}); check that it runs and that Kassa__Database__ConnectionString names it, e.g. '{DataServices.PostgresExample}', or wait longer with e.g. Kassa__Database__StartupRetrySeconds=120.", e);
        }
    }

    /// <summary>
    /// A missing database is made, as EF's migrations would (a fresh server, a per-run bench database); only a role that
    /// may not create one gets the sentence saying how to.
    /// </summary>
    private static async Task CreatePostgresDatabaseAsync(NpgsqlConnectionStringBuilder settings, string server, PostgresException missing, CancellationToken ct)
    {
        var maintenance = new NpgsqlConnectionStringBuilder(settings.ConnectionString) { Database = "postgres", Pooling = false };
        try
        {
            await using var connection = new NpgsqlConnection(maintenance.ConnectionString);
            await connection.OpenAsync(ct);
            await using var create = connection.CreateCommand();
            create.CommandText = $"CREATE DATABASE \"{settings.Database!.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
            await create.ExecuteNonQueryAsync(ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            // Another instance made it first.
        }
        catch (NpgsqlException e)
        {
            throw new StartupProblem(
                $"PostgreSQL at {server} has no database '{settings.Database}' and user '{settings.Username}' may not create it ({OneLine(Innermost(e).Message)}); create it (createdb --owner={settings.Username} {settings.Database}) or name another with Database= in Kassa__Database__ConnectionString.",
                missing);
        }
    }

    /// <summary>
    /// Tries <paramref name="attempt"/> until it succeeds, fails in a way that is not <paramref name="transient"/>, or
    /// <paramref name="budget"/> has passed since the first failure (so a slow first attempt still gets its retries):
    /// 0.5 s after the first failure, then twice as long each time, at most 5 s apart.
    /// </summary>
    public static async Task<T> RetryAsync<T>(
        Func<CancellationToken, Task<T>> attempt, Func<Exception, bool> transient, TimeSpan budget, TimeProvider clock,
        Action<Exception, TimeSpan>? retrying, CancellationToken ct)
    {
        long? firstFailure = null;
        var delay = TimeSpan.FromMilliseconds(500);
        while (true)
        {
            try
            {
                return await attempt(ct);
            }
            catch (Exception e) when (transient(e))
            {
                firstFailure ??= clock.GetTimestamp();
                var left = budget - clock.GetElapsedTime(firstFailure.Value);
                if (left <= TimeSpan.Zero) throw;
                var wait = delay < left ? delay : left;
                retrying?.Invoke(e, wait);
                await Task.Delay(wait, clock, ct);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }

    /// <summary>A failure while the migrations run, as a sentence.</summary>
    public static StartupProblem MigrationFailed(KassaDbContext db, DbException e)
    {
        if (e is PostgresException { SqlState: PostgresErrorCodes.InsufficientPrivilege } denied)
        {
            var settings = new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString());
            return new StartupProblem(
                $"PostgreSQL user '{settings.Username}' may not create Kassa's tables in database '{settings.Database}' ({OneLine(denied.MessageText)}); make it the database's owner (ALTER DATABASE {settings.Database} OWNER TO {settings.Username}).", e);
        }
        return new StartupProblem(
            $"The {(db.Database.IsSqlite() ? "SQLite" : "PostgreSQL")} database could not be brought up to date ({OneLine(e.Message)}); check Kassa__Database__ConnectionString and that it holds Kassa's own tables, from this or an older version of Kassa.", e);
    }

    private static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).TrimEnd('.');

    [LoggerMessage(EventId = 2, EventName = "DatabaseNotReachableYet", Level = LogLevel.Warning,
        Message = "PostgreSQL at {Server} cannot be reached yet ({Reason}); trying again in {Seconds:0.#} s")]
    private static partial void LogNotYet(ILogger logger, string server, string reason, double seconds);
}
