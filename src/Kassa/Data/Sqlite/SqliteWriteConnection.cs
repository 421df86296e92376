using System.Data.Common;
using System.Runtime.ExceptionServices;
using Microsoft.Data.Sqlite;
using Kassa.Data;

namespace Kassa.Data.Sqlite;

/// <summary>
/// The SQLite connection the hot writes use (<see cref="Kassa.Carts.CartSaving"/>), kept open with its
/// statements prepared, like the read connections (<see cref="SqliteReadConnections"/>): opening a pooled
/// connection and compiling each statement again was a tenth of a cart write.
/// <para>
/// Writes are committed in groups: whoever finds no group running takes the database's write turn, and
/// every write queued by then goes into one transaction. A write that fails (a version conflict, a constraint)
/// is rolled back alone and the others still commit: the transaction is rolled back and the others run again,
/// each inside its own savepoint (savepoints cost page copies, so a group runs without them until one fails). Each caller
/// is answered only after the commit. A commit writes every page it changed to the WAL with two system calls
/// per page, and writes of different carts share pages (the end of the item table and of its indexes): on
/// this VM those writes were the largest single cost of a cart write (docs/benchmarks.md).
/// </para>
/// <para>
/// This connection does not checkpoint the WAL itself, as SQLite would after a commit (inside the write turn,
/// so every queued writer waited for it): every <see cref="CheckpointEvery"/> writes a passive checkpoint runs
/// in the background on a connection of its own, beside the writers.
/// </para>
/// <para>
/// A checkpoint that runs beside writers never catches up with them, and SQLite starts the WAL over only after one
/// has copied every frame while no reader still reads an older one: under steady writes the WAL grew without end
/// (560 MB in a 15-second bench run), and every commit then extended the file, which the kernel pays for by zeroing
/// fresh pages (an eighth of a cart write's CPU time). So once a background checkpoint finds the WAL holding
/// <see cref="RestartAfterFrames"/> frames or more, the next group first runs a RESTART checkpoint in the write turn:
/// it copies the few frames written since the background checkpoint (syncing the WAL before and the database after, as
/// every checkpoint does), waits at most 5 ms for the readers of older frames to finish, and the commit after it writes
/// from the start of the WAL again, over pages the file already has.
/// </para>
/// </summary>
public sealed class SqliteWriteConnection(string connectionString, int restartAfterFrames = SqliteWriteConnection.RestartAfterFrames) : IDisposable
{
    private readonly object _queue = new();
    private List<Job>? _pending;
    private bool _leading;
    private PreparedConnection? _connection;
    private bool _disposed;
    private int _sinceCheckpoint;
    private Task _checkpoint = Task.CompletedTask;
    private volatile bool _restartDue;
    // The WAL size at which the next restart is tried: raised after a try that a long reader (a backup, a long list)
    // held up, so that writers do not wait in every checkpoint's next group while it reads.
    private long _restartAt;

    /// <summary>
    /// Writes between two background checkpoints. Each checkpoint syncs the WAL and the database and copies every page
    /// changed since the last one, and the hot pages (the ends of the item table and its indexes) change in almost every
    /// write: at 128 writes the checkpoint thread was 6 % of an add item's samples (half of it fsync), and 512 took 15 % off.
    /// </summary>
    public const int CheckpointEvery = 512;

    /// <summary>The WAL's size (in frames of one page, 16 MB) past which the next group starts it over.</summary>
    public const int RestartAfterFrames = 4096;

    /// <summary>How long the RESTART checkpoint waits for readers of older frames, in milliseconds: they take well under one.</summary>
    private const int RestartWaitMs = 5;

    /// <summary>Transactions committed so far (each holds one or more writes).</summary>
    public long Commits { get; private set; }

    private long _checkpoints;

    /// <summary>Background checkpoints completed so far.</summary>
    public long Checkpoints => Interlocked.Read(ref _checkpoints);

    /// <summary>RESTART checkpoints that found no reader left on older frames, so that the next commit started the WAL over.</summary>
    public long WalRestarts { get; private set; }

    /// <summary>
    /// Runs <paramref name="write"/> on the connection inside the next group's transaction and returns once that
    /// transaction has committed; throws what the write threw (its changes rolled back), or the commit's error.
    /// A write whose request is cancelled (<paramref name="ct"/>) before its group runs fails alone, without being run.
    /// </summary>
    public Task RunAsync(Func<PreparedConnection, Task> write, CancellationToken ct = default)
    {
        var job = new Job(write, ct);
        bool lead;
        lock (_queue)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            (_pending ??= []).Add(job);
            lead = !_leading;
            _leading = true;
        }
        if (lead) _ = LeadAsync();
        return job.Done.Task;
    }

    /// <summary>Commits groups until none is waiting; never throws (every error goes to the jobs).</summary>
    private async Task LeadAsync()
    {
        while (true)
        {
            List<Job>? group = null;
            try
            {
                using var turn = await WriteTurns.EnterSqliteWriteAsync(connectionString, CancellationToken.None);
                lock (_queue)
                {
                    group = _pending;
                    _pending = null;
                    if (group is null)
                    {
                        _leading = false;
                        return;
                    }
                }
                await CommitAsync(group);
            }
            catch (Exception e)
            {
                // A job that failed on its own before the group did keeps its own error (a version conflict is retried).
                foreach (var job in group ?? []) job.Done.TrySetException(job.Error ?? e);
            }
            lock (_queue)
            {
                if (_pending is null)
                {
                    _leading = false;
                    return;
                }
            }
            // More writes queued meanwhile. SQLite's calls complete synchronously, so the request that started this
            // leader would not get its answer until the queue ran dry: the next group goes on on another thread.
            await Task.Yield();
        }
    }

    private async Task CommitAsync(List<Job> group)
    {
        // A restart is only an optimisation: one that fails leaves a connection in an unknown state, not a failed group.
        if (_restartDue && _checkpoint.IsCompleted && !TryRestartWal(_connection ??= Open())) Discard();
        // A group's writes first run without savepoints: a savepoint makes SQLite copy every page a write changes into a
        // statement journal first, and a failing write is rare. If one fails, the transaction is rolled back and the
        // others run again, each in a savepoint of its own, so that a write that fails then is rolled back alone.
        // A write whose request went away meanwhile is not run: failing in the group, it would make the others run twice.
        foreach (var job in group.Where(job => job.Cancelled.IsCancellationRequested))
            job.Error = new OperationCanceledException(job.Cancelled);
        var live = group.Where(job => job.Error is null).ToList();
        if (live.Count > 0 && !await TryCommitAsync(live, savepoints: false))
        {
            var others = live.Where(job => job.Error is null).ToList();
            if (others.Count > 0) await TryCommitAsync(others, savepoints: true);
        }
        foreach (var job in group)
        {
            if (job.Error is { } error) job.Done.TrySetException(error);
            else job.Done.TrySetResult();
        }
    }

    /// <summary>
    /// Runs the writes in one transaction and commits it. Without <paramref name="savepoints"/>, a write that fails in a
    /// group of several rolls the transaction back and the result is false (its error noted); a write alone fails the
    /// transaction as any other error does: it is rolled back and the error thrown.
    /// </summary>
    private async Task<bool> TryCommitAsync(List<Job> jobs, bool savepoints)
    {
        var connection = _connection ??= Open();
        connection.Command("BEGIN IMMEDIATE").ExecuteNonQuery();
        try
        {
            foreach (var job in jobs)
            {
                if (savepoints) connection.Command("SAVEPOINT kassa_write").ExecuteNonQuery();
                try
                {
                    await job.Write(connection);
                }
                catch (Exception e) when (savepoints || jobs.Count > 1)
                {
                    job.Error = e;
                    try
                    {
                        connection.Command(savepoints ? "ROLLBACK TO kassa_write" : "ROLLBACK").ExecuteNonQuery();
                    }
                    catch (SqliteException)
                    {
                        // SQLite already rolled the whole transaction back (a full disk, an I/O error): the group fails
                        // with the error that caused it.
                        ExceptionDispatchInfo.Throw(e);
                    }
                    if (!savepoints) return false;
                }
                if (savepoints) connection.Command("RELEASE kassa_write").ExecuteNonQuery();
            }
            connection.Command("COMMIT").ExecuteNonQuery();
            Commits++;
            _sinceCheckpoint += jobs.Count;
            // A restart that is due checkpoints in the next group itself.
            if (_sinceCheckpoint >= CheckpointEvery && _checkpoint.IsCompleted && !_restartDue)
            {
                _sinceCheckpoint = 0;
                // On a thread of its own: queued on a busy thread pool, it started late, and the WAL grew meanwhile.
                _checkpoint = Task.Factory.StartNew(Checkpoint, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            }
            return true;
        }
        catch
        {
            // The transaction itself failed (I/O, a full disk, an interrupted statement), or the write alone in it did:
            // nothing of it is kept.
            try
            {
                connection.Command("ROLLBACK").ExecuteNonQuery();
            }
            catch (DbException)
            {
                // SQLite may have rolled back already; a connection in an unknown state is not kept.
                Discard();
            }
            throw;
        }
    }

    private PreparedConnection Open()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        // As every other connection that writes (SqlitePragmaInterceptor), but checkpointing in the background.
        return new PreparedConnection(OpenConnection(SqlitePragmaInterceptor.Pragmas + " PRAGMA wal_autocheckpoint = 0;"));
    }

    private SqliteConnection OpenConnection(string pragmas)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = pragmas;
        command.ExecuteNonQuery();
        return connection;
    }

    /// <summary>
    /// Copies the WAL's pages into the database without blocking readers or writers (PASSIVE), and notes when the WAL
    /// has grown enough to be started over (<see cref="TryRestartWal"/>). A failure is harmless: the WAL keeps its pages
    /// until the next checkpoint.
    /// </summary>
    private void Checkpoint()
    {
        try
        {
            using var connection = OpenConnection($"PRAGMA busy_timeout = {SqlitePragmaInterceptor.BusyTimeout};");
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
            using (var result = command.ExecuteReader())
            {
                // One row: busy, frames in the WAL, frames copied.
                if (result.Read() && result.GetInt64(1) >= Math.Max(Interlocked.Read(ref _restartAt), restartAfterFrames)) _restartDue = true;
            }
            Interlocked.Increment(ref _checkpoints);
        }
        catch (SqliteException)
        {
        }
    }

    /// <summary>
    /// In the write turn: copies what the background checkpoint left and waits briefly until no reader reads older
    /// frames (RESTART), so that the next commit writes from the start of the WAL. Readers that begin meanwhile read the
    /// database file and do not hold it up. If one is still reading after the short wait, the WAL goes on growing, and
    /// the next try waits until it has grown by another <see cref="RestartAfterFrames"/>. False when the connection
    /// failed and must not be used again.
    /// </summary>
    private bool TryRestartWal(PreparedConnection connection)
    {
        _restartDue = false;
        _sinceCheckpoint = 0;
        try
        {
            connection.Command($"PRAGMA busy_timeout = {RestartWaitMs}").ExecuteNonQuery();
            using (var result = connection.Command("PRAGMA wal_checkpoint(RESTART)").ExecuteReader())
            {
                // One row: busy (1 when a reader or writer kept it from finishing), frames in the WAL, frames copied.
                if (result.Read() && result.GetInt64(0) == 0)
                {
                    WalRestarts++;
                    Interlocked.Exchange(ref _restartAt, 0);
                }
                else if (result.HasRows)
                {
                    Interlocked.Exchange(ref _restartAt, result.GetInt64(1) + restartAfterFrames);
                }
            }
            connection.Command($"PRAGMA busy_timeout = {SqlitePragmaInterceptor.BusyTimeout}").ExecuteNonQuery();
            return true;
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    private void Discard()
    {
        _connection?.Dispose();
        _connection = null;
    }

    /// <summary>
    /// Closes the connection once a group running now has finished (the write turn is taken to close it); a turn
    /// still held after 10 seconds leaves the connection to the process's exit.
    /// </summary>
    public void Dispose()
    {
        lock (_queue) _disposed = true;
        var turn = WriteTurns.EnterSqliteWriteAsync(connectionString, CancellationToken.None).AsTask();
        if (!turn.Wait(TimeSpan.FromSeconds(10))) return;
        using (turn.Result)
        {
            // No checkpoint starts while the turn is held; wait for one that is running.
            try
            {
                _checkpoint.Wait(TimeSpan.FromSeconds(10));
            }
            catch (AggregateException)
            {
            }
            Discard();
        }
    }

    private sealed class Job(Func<PreparedConnection, Task> write, CancellationToken cancelled)
    {
        public Func<PreparedConnection, Task> Write { get; } = write;
        public CancellationToken Cancelled { get; } = cancelled;
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public Exception? Error { get; set; }
    }
}
