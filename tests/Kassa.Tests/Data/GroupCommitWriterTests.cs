using Kassa.Data;
using Kassa.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Kassa.Data.Sqlite;

namespace Kassa.Tests.Data;

/// <summary>
/// Group commit on SQLite (<see cref="GroupCommitWriter"/>): writes queued while the database's write lock is held
/// commit together in one transaction, and a write that fails is rolled back alone.
/// </summary>
[StartsFirst]
public sealed class GroupCommitWriterTests(KassaFactory factory) : IClassFixture<KassaFactory>
{
    /// <summary>The app's write lock, which the test's writer shares with the app's writers.</summary>
    private SqliteWriteLock WriteLock => factory.Services.GetRequiredService<SqliteWriteLock>();

    [SqliteFact]
    public async Task Writes_queued_behind_the_write_lock_commit_as_one_group_and_a_failed_write_is_rolled_back_alone()
    {
        using var writer = await WriterWithTableAsync("CREATE TABLE group_commit_probe (value TEXT NOT NULL UNIQUE)");

        Task first, failing, clashing, last;
        var failingRuns = 0;
        using (await WriteLock.EnterAsync(CancellationToken.None))
        {
            first = writer.RunAsync(c => c.Command("INSERT INTO group_commit_probe VALUES ('a')").ExecuteNonQueryAsync());
            failing = writer.RunAsync(async c =>
            {
                failingRuns++;
                await c.Command("INSERT INTO group_commit_probe VALUES ('b')").ExecuteNonQueryAsync();
                throw new InvalidOperationException("the write gave up after writing");
            });
            clashing = writer.RunAsync(c => c.Command("INSERT INTO group_commit_probe VALUES ('a')").ExecuteNonQueryAsync());
            last = writer.RunAsync(c => c.Command("INSERT INTO group_commit_probe VALUES ('c')").ExecuteNonQueryAsync());
        }

        await first;
        await last;
        await Assert.ThrowsAsync<InvalidOperationException>(() => failing);
        var clash = await Assert.ThrowsAsync<SqliteException>(() => clashing);
        Assert.Equal(19, clash.SqliteErrorCode); // SQLITE_CONSTRAINT
        Assert.Equal(1, writer.Commits);
        Assert.Equal(1, failingRuns); // the others run again after a failure; the write that failed does not

        await using var scope = factory.Scope(out var check);
        var values = await check.Database.SqlQueryRaw<string>("SELECT value AS \"Value\" FROM group_commit_probe ORDER BY value").ToListAsync();
        Assert.Equal(["a", "c"], values);

        // The connection is clean after the group: the next write commits on its own.
        await writer.RunAsync(c => c.Command("INSERT INTO group_commit_probe VALUES ('d')").ExecuteNonQueryAsync());
        Assert.Equal(2, writer.Commits);
    }

    [SqliteFact]
    public async Task A_write_whose_request_went_away_before_its_group_ran_fails_without_running()
    {
        using var writer = await WriterWithTableAsync("CREATE TABLE cancel_probe (value TEXT NOT NULL)");
        using var gone = new CancellationTokenSource();
        var cancelledRuns = 0;
        Task kept, cancelled;
        using (await WriteLock.EnterAsync(CancellationToken.None))
        {
            kept = writer.RunAsync(c => c.Command("INSERT INTO cancel_probe VALUES ('kept')").ExecuteNonQueryAsync());
            cancelled = writer.RunAsync(c =>
            {
                cancelledRuns++;
                return c.Command("INSERT INTO cancel_probe VALUES ('gone')").ExecuteNonQueryAsync();
            }, gone.Token);
            await gone.CancelAsync();
        }

        await kept;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.Equal(0, cancelledRuns);
        Assert.Equal(1, writer.Commits);
        await using var scope = factory.Scope(out var check);
        var values = await check.Database.SqlQueryRaw<string>("SELECT value AS \"Value\" FROM cancel_probe").ToListAsync();
        Assert.Equal(["kept"], values);
    }

    [SqliteFact]
    public async Task A_write_alone_in_its_group_that_fails_keeps_nothing_and_the_next_write_commits()
    {
        using var writer = await WriterWithTableAsync("CREATE TABLE lone_probe (value TEXT NOT NULL)");
        await writer.RunAsync(c => c.Command("INSERT INTO lone_probe VALUES ('a')").ExecuteNonQueryAsync());
        await Assert.ThrowsAsync<InvalidOperationException>(() => writer.RunAsync(async c =>
        {
            await c.Command("INSERT INTO lone_probe VALUES ('b')").ExecuteNonQueryAsync();
            throw new InvalidOperationException("the write gave up after writing");
        }));
        Assert.Equal(1, writer.Commits);
        await writer.RunAsync(c => c.Command("INSERT INTO lone_probe VALUES ('c')").ExecuteNonQueryAsync());
        Assert.Equal(2, writer.Commits);

        await using var scope = factory.Scope(out var check);
        var values = await check.Database.SqlQueryRaw<string>("SELECT value AS \"Value\" FROM lone_probe ORDER BY value").ToListAsync();
        Assert.Equal(["a", "c"], values);
    }

    [SqliteFact]
    public async Task The_WAL_is_checkpointed_in_the_background_every_so_many_writes()
    {
        using var writer = await WriterWithTableAsync("CREATE TABLE checkpoint_probe (value INTEGER NOT NULL)");

        for (var i = 0; i < WalUpkeep.CheckpointEvery - 1; i++)
            await writer.RunAsync(c => c.Command("INSERT INTO checkpoint_probe VALUES (1)").ExecuteNonQueryAsync());
        Assert.Equal(0, writer.Wal.Checkpoints);
        await writer.RunAsync(c => c.Command("INSERT INTO checkpoint_probe VALUES (1)").ExecuteNonQueryAsync());
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (writer.Wal.Checkpoints == 0 && DateTime.UtcNow < deadline) await Task.Delay(10);
        Assert.Equal(1, writer.Wal.Checkpoints);

        // The writer's own commits never checkpoint (inside the write lock): that is left to the background.
        object? autocheckpoint = null;
        await writer.RunAsync(async c => autocheckpoint = await c.Command("PRAGMA wal_autocheckpoint").ExecuteScalarAsync());
        Assert.Equal(0L, autocheckpoint);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_WAL_starts_over_under_steady_writes_while_readers_keep_reading(bool restart)
    {
        var path = Path.Combine(Path.GetTempPath(), $"kassa-wal-{Guid.NewGuid():N}.db");
        var connectionString = $"Data Source={path};Pooling=False";
        try
        {
            await using (var setup = new SqliteConnection(connectionString))
            {
                setup.Open();
                await using var create = setup.CreateCommand();
                create.CommandText = "PRAGMA journal_mode = WAL; CREATE TABLE wal_probe (value BLOB NOT NULL)";
                await create.ExecuteNonQueryAsync();
            }
            // The other case never reaches its threshold: without a restart the WAL only grows.
            const int restartAfterFrames = 64;
            using var writer = new GroupCommitWriter(connectionString, new SqliteWriteLock(), restart ? restartAfterFrames : int.MaxValue);
            using var stop = new CancellationTokenSource();
            // A thread of its own: a pool thread busy reading would starve the background checkpoint in a 2-core test run.
            var reader = Task.Factory.StartNew(() => ReadUntil(connectionString, stop.Token), TaskCreationOptions.LongRunning);
            // Writes go on while the background checkpoints run, as under load.
            const int writes = 20_000;
            for (var i = 0; i < writes; i++)
                await writer.RunAsync(c => c.Command("INSERT INTO wal_probe VALUES (randomblob(100))").ExecuteNonQueryAsync());
            await stop.CancelAsync();
            await reader;

            // Every commit writes at least one frame (the page its row went to): a WAL of fewer frames than writes has started over.
            var frames = new FileInfo(path + "-wal").Length / (4096 + 24);
            if (restart)
            {
                Assert.True(writer.Wal.WalRestarts > 0);
                // The restart waits briefly for readers; the writer's own busy timeout is back afterwards.
                object? busyTimeout = null;
                await writer.RunAsync(async c => busyTimeout = await c.Command("PRAGMA busy_timeout").ExecuteScalarAsync());
                Assert.Equal((long)SqlitePragmaInterceptor.BusyTimeout, busyTimeout);
                Assert.True(frames < writes / 4, $"{frames} frames, {writer.Wal.WalRestarts} restarts, {writer.Wal.Checkpoints} checkpoints");
            }
            else
            {
                Assert.Equal(0, writer.Wal.WalRestarts);
                Assert.True(frames >= writes / 4, $"{frames} frames, {writer.Wal.Checkpoints} checkpoints");
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var file in new[] { path, path + "-wal", path + "-shm" }) File.Delete(file);
        }
    }

    /// <summary>Back-to-back read transactions, as a server under load has: some reader always holds a snapshot.</summary>
    private static void ReadUntil(string connectionString, CancellationToken stop)
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var prepared = new PreparedConnection(connection);
        while (!stop.IsCancellationRequested)
        {
            prepared.BeginRead();
            prepared.Command("SELECT length(value) FROM wal_probe ORDER BY rowid DESC LIMIT 1").ExecuteScalar();
            prepared.EndRead();
        }
    }

    [SqliteFact]
    public async Task A_disposed_writer_refuses_new_writes()
    {
        _ = factory.Anonymous();
        var writer = new GroupCommitWriter(factory.ConnectionString, WriteLock);
        await writer.RunAsync(c => c.Command("SELECT 1").ExecuteScalarAsync());
        writer.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => writer.RunAsync(c => c.Command("SELECT 1").ExecuteScalarAsync()));
    }

    /// <summary>A write connection of its own on the test database, after creating the table the test writes to.</summary>
    private async Task<GroupCommitWriter> WriterWithTableAsync(string createTable)
    {
        _ = factory.Anonymous();
        await using (factory.Scope(out var db))
            await db.Database.ExecuteSqlRawAsync(createTable);
        return new GroupCommitWriter(factory.ConnectionString, WriteLock);
    }
}
