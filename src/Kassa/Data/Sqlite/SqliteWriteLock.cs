namespace Kassa.Data.Sqlite;

/// <summary>
/// The one writer of the SQLite database in this process. SQLite lets one connection write at a time; a writer that
/// waits for another in SQLite's busy handler sleeps on a thread-pool thread in back-off steps of up to 100 ms, while one
/// that waits here queues asynchronously and goes on the moment the lock is handed over. Every EF write takes it
/// (<see cref="SqliteWriteLockInterceptor"/>), and so does each group of the hot writes (<see cref="GroupCommitWriter"/>).
/// Between processes on one file the busy timeout is still the fallback.
/// </summary>
public sealed class SqliteWriteLock
{
    private readonly SemaphoreSlim _semaphore = new(1, 1);
    private int _waiting;

    /// <summary>Waits for the lock; dispose the result once to hand it on.</summary>
    public async ValueTask<Held> EnterAsync(CancellationToken ct)
    {
        if (!_semaphore.Wait(0))
        {
            Interlocked.Increment(ref _waiting);
            try
            {
                await _semaphore.WaitAsync(ct);
            }
            finally
            {
                Interlocked.Decrement(ref _waiting);
            }
        }
        return new Held(_semaphore);
    }

    /// <summary>Waits for the lock synchronously (EF's synchronous calls).</summary>
    public Held Enter()
    {
        if (!_semaphore.Wait(0))
        {
            Interlocked.Increment(ref _waiting);
            try
            {
                _semaphore.Wait();
            }
            finally
            {
                Interlocked.Decrement(ref _waiting);
            }
        }
        return new Held(_semaphore);
    }

    /// <summary>True while someone holds the lock.</summary>
    public bool IsHeld => _semaphore.CurrentCount == 0;

    /// <summary>How many writers wait for the lock right now.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    public sealed class Held(SemaphoreSlim semaphore) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) semaphore.Release();
        }
    }
}
