using System.Data.Common;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace Kassa.Data.Sqlite;

/// <summary>
/// The SQLite connection the hot writes use (<see cref="CartSaving"/>, a payment session), kept open with its statements
/// prepared: opening a pooled connection and compiling each statement again was a tenth of a cart write.
/// <para>
/// Writes are committed in groups: one loop takes the writes queued while the last group ran, takes the write lock, and
/// runs them all in one transaction. A commit writes every page it changed to the WAL with two system calls per page, and
/// writes of different carts share pages (the end of the item table and of its indexes): on this VM those writes were the
/// largest single cost of a cart write (docs/benchmarks.md). A write that fails (a version conflict, a constraint) is
/// rolled back alone and the others still commit. Each caller is answered only after the commit. The WAL is kept short by
/// <see cref="WalUpkeep"/>.
/// </para>
/// </summary>
public sealed class GroupCommitWriter : IDisposable
{
    private readonly string _connectionString;
    private readonly SqliteWriteLock _writeLock;
    private readonly Channel<Job> _queue = Channel.CreateUnbounded<Job>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;
    private PreparedConnection? _connection;

    public GroupCommitWriter(string connectionString, SqliteWriteLock writeLock, int restartAfterFrames = WalUpkeep.RestartAfterFrames)
    {
        _connectionString = connectionString;
        _writeLock = writeLock;
        Wal = new WalUpkeep(connectionString, restartAfterFrames);
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>The WAL's checkpoints, behind this writer.</summary>
    public WalUpkeep Wal { get; }

    /// <summary>Transactions committed so far (each holds one or more writes).</summary>
    public long Commits { get; private set; }

    /// <summary>
    /// Runs <paramref name="write"/> on the connection inside the next group's transaction and returns once that
    /// transaction has committed; throws what the write threw (its changes rolled back), or the commit's error.
    /// A write whose request is cancelled (<paramref name="ct"/>) before its group runs fails alone, without being run.
    /// </summary>
    public Task RunAsync(Func<PreparedConnection, Task> write, CancellationToken ct = default)
    {
        var job = new Job(write, ct);
        if (!_queue.Writer.TryWrite(job)) throw new ObjectDisposedException(nameof(GroupCommitWriter));
        return job.Done.Task;
    }

    /// <summary>Commits one group after another until the writer is disposed; never throws (every error goes to the jobs).</summary>
    private async Task LoopAsync()
    {
        var reader = _queue.Reader;
        var group = new List<Job>();
        while (await reader.WaitToReadAsync())
        {
            try
            {
                using var held = await _writeLock.EnterAsync(CancellationToken.None);
                while (reader.TryRead(out var job)) group.Add(job);
                await CommitAsync(group);
            }
            catch (Exception e)
            {
                // A job that failed on its own before the group did keeps its own error (a version conflict is retried).
                foreach (var job in group) job.Done.TrySetException(job.Error ?? e);
            }
            group.Clear();
        }
    }

    private async Task CommitAsync(List<Job> group)
    {
        // A restart is only an optimisation: one that fails leaves a connection in an unknown state, not a failed group.
        if (!Wal.RestartIfDue(Connection)) Discard();
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
        var connection = Connection();
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
            Wal.Committed(jobs.Count);
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

    private PreparedConnection Connection()
    {
        if (_connection is not null) return _connection;
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder(_connectionString) { Pooling = false }.ToString());
        connection.Open();
        using (var command = connection.CreateCommand())
        {
            // As every other connection that writes (SqlitePragmaInterceptor), but checkpointing only through WalUpkeep.
            command.CommandText = SqlitePragmaInterceptor.Pragmas + " PRAGMA wal_autocheckpoint = 0;";
            command.ExecuteNonQuery();
        }
        return _connection = new PreparedConnection(connection);
    }

    private void Discard()
    {
        _connection?.Dispose();
        _connection = null;
    }

    /// <summary>
    /// Refuses new writes, lets the queued ones commit and closes the connection; a loop still busy after 10 seconds leaves
    /// the connection to the process's exit.
    /// </summary>
    public void Dispose()
    {
        if (!_queue.Writer.TryComplete()) return;
        if (!_loop.Wait(TimeSpan.FromSeconds(10))) return;
        Wal.WaitForCheckpoint(TimeSpan.FromSeconds(10));
        Discard();
    }

    private sealed class Job(Func<PreparedConnection, Task> write, CancellationToken cancelled)
    {
        public Func<PreparedConnection, Task> Write { get; } = write;
        public CancellationToken Cancelled { get; } = cancelled;
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public Exception? Error { get; set; }
    }
}
