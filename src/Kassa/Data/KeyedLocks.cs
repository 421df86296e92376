namespace Kassa.Data;

/// <summary>
/// One async lock per key at a time, in this process; a key's lock exists only while someone holds or
/// waits for it, so the map stays as small as the set of keys in use.
/// </summary>
public class KeyedLocks<TKey> where TKey : notnull
{
    private readonly Dictionary<TKey, Entry> _locks = [];

    /// <summary>How many keys are held or waited for right now.</summary>
    public int ActiveKeys
    {
        get
        {
            lock (_locks) return _locks.Count;
        }
    }

    /// <summary>Waits for the key's lock; call the returned action once to hand it on.</summary>
    public async ValueTask<Action> EnterAsync(TKey key, CancellationToken ct)
    {
        Entry entry;
        lock (_locks)
        {
            if (!_locks.TryGetValue(key, out entry!)) _locks[key] = entry = new Entry();
            entry.Users++;
        }
        try
        {
            await entry.Semaphore.WaitAsync(ct);
        }
        catch
        {
            Leave(key, entry);
            throw;
        }
        return () =>
        {
            entry.Semaphore.Release();
            Leave(key, entry);
        };
    }

    private void Leave(TKey key, Entry entry)
    {
        lock (_locks)
        {
            if (--entry.Users == 0) _locks.Remove(key);
        }
    }

    private sealed class Entry
    {
        public readonly SemaphoreSlim Semaphore = new(1, 1);
        public int Users;
    }
}
