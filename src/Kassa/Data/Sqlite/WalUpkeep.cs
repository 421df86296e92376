using Microsoft.Data.Sqlite;

namespace Kassa.Data.Sqlite;

/// <summary>
/// Keeps the WAL short for <see cref="GroupCommitWriter"/>, whose connection does not checkpoint after a commit as SQLite
/// would (inside the write lock, so every queued writer waited for it). Every <see cref="CheckpointEvery"/> writes a
/// passive checkpoint runs in the background on a connection of its own, beside the writers.
/// <para>
/// A checkpoint beside writers never catches up with them, and SQLite starts the WAL over only after one has copied every
/// frame while no reader still reads an older one: under steady writes the WAL grew without end, and every commit then
/// extended the file, which the kernel pays for by zeroing fresh pages (docs/benchmarks.md). So once a background
/// checkpoint finds <see cref="RestartAfterFrames"/> frames or more, the writer's next group first runs a RESTART
/// checkpoint under the write lock (<see cref="RestartIfDue"/>): it copies the few frames written since, waits at most
/// 5 ms for readers of older frames, and the commit after it writes from the start of the WAL again.
/// </para>
/// </summary>
public sealed class WalUpkeep(string connectionString, int restartAfterFrames = WalUpkeep.RestartAfterFrames)
{
    /// <summary>
    /// Writes between two background checkpoints. Each one syncs the WAL and the database and copies every page changed
    /// since the last, and the hot pages (the ends of the item table and its indexes) change in almost every write: at 128
    /// the checkpoint thread was 6 % of an add item's samples, and 512 took 15 % off.
    /// </summary>
    public const int CheckpointEvery = 512;

    /// <summary>The WAL's size (in frames of one page, 16 MB) past which the next group starts it over.</summary>
    public const int RestartAfterFrames = 4096;

    /// <summary>How long the RESTART checkpoint waits for readers of older frames, in milliseconds: they take well under one.</summary>
    private const int RestartWaitMs = 5;

    private int _sinceCheckpoint;
    private Task _checkpoint = Task.CompletedTask;
    private volatile bool _restartDue;
    // The WAL size at which the next restart is tried: raised after a try that a long reader (a backup, a long list) held
    // up, so that writers do not wait in every checkpoint's next group while it reads.
    private long _restartAt;
    private long _checkpoints;

    /// <summary>Background checkpoints completed so far.</summary>
    public long Checkpoints => Interlocked.Read(ref _checkpoints);

    /// <summary>RESTART checkpoints that found no reader left on older frames, so that the next commit started the WAL over.</summary>
    public long WalRestarts { get; private set; }

    /// <summary>After a commit of <paramref name="writes"/> writes, under the write lock: starts a background checkpoint when one is due.</summary>
    public void Committed(int writes)
    {
        _sinceCheckpoint += writes;
        // A restart that is due checkpoints in the next group itself.
        if (_sinceCheckpoint < CheckpointEvery || !_checkpoint.IsCompleted || _restartDue) return;
        _sinceCheckpoint = 0;
        // On a thread of its own: queued on a busy thread pool, it started late, and the WAL grew meanwhile.
        _checkpoint = Task.Factory.StartNew(Checkpoint, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>
    /// Before a group, under the write lock: starts the WAL over when a background checkpoint found it long (RESTART). Readers
    /// that begin meanwhile read the database file and do not hold it up; if one still reads older frames after the short wait,
    /// the WAL goes on growing and the next try waits until it has grown by another <see cref="RestartAfterFrames"/>. False when
    /// the connection failed and must not be used again.
    /// </summary>
    public bool RestartIfDue(Func<PreparedConnection> connection)
    {
        if (!_restartDue || !_checkpoint.IsCompleted) return true;
        _restartDue = false;
        _sinceCheckpoint = 0;
        try
        {
            var prepared = connection();
            prepared.Command($"PRAGMA busy_timeout = {RestartWaitMs}").ExecuteNonQuery();
            using (var result = prepared.Command("PRAGMA wal_checkpoint(RESTART)").ExecuteReader())
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
            prepared.Command($"PRAGMA busy_timeout = {SqlitePragmaInterceptor.BusyTimeout}").ExecuteNonQuery();
            return true;
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    /// <summary>Waits for a background checkpoint that is running (on shutdown).</summary>
    public void WaitForCheckpoint(TimeSpan timeout)
    {
        try
        {
            _checkpoint.Wait(timeout);
        }
        catch (AggregateException)
        {
        }
    }

    /// <summary>
    /// Copies the WAL's pages into the database without blocking readers or writers (PASSIVE), and notes when the WAL has
    /// grown enough to be started over. A failure is harmless: the WAL keeps its pages until the next checkpoint.
    /// </summary>
    private void Checkpoint()
    {
        try
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
            connection.Open();
            using (var timeout = connection.CreateCommand())
            {
                timeout.CommandText = $"PRAGMA busy_timeout = {SqlitePragmaInterceptor.BusyTimeout};";
                timeout.ExecuteNonQuery();
            }
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
}
