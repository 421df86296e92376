namespace Kassa.Data;

/// <summary>
/// One async turn per key at a time, in this process; a key's gate exists only while someone holds or
/// waits for it, so the map stays as small as the set of keys in use.
/// </summary>
public sealed class KeyedLocks<TKey> where TKey : notnull
{
    private readonly Dictionary<TKey, Gate> _gates = [];

    /// <summary>How many keys are held or waited for right now.</summary>
    public int ActiveKeys
    {
        get
        {
            lock (_gates) return _gates.Count;
        }
    }

    /// <summary>Waits for the key's turn; call the returned action once to hand the turn on.</summary>
    public async ValueTask<Action> EnterAsync(TKey key, CancellationToken ct)
    {
        Gate gate;
        lock (_gates)
        {
            if (!_gates.TryGetValue(key, out gate!)) _gates[key] = gate = new Gate();
            gate.Users++;
        }
        try
        {
            await gate.Semaphore.WaitAsync(ct);
        }
        catch
        {
            Leave(key, gate);
            throw;
        }
        return () =>
        {
            gate.Semaphore.Release();
            Leave(key, gate);
        };
    }

    private void Leave(TKey key, Gate gate)
    {
        lock (_gates)
        {
            if (--gate.Users == 0) _gates.Remove(key);
        }
    }

    private sealed class Gate
    {
        public readonly SemaphoreSlim Semaphore = new(1, 1);
        public int Users;
    }
}
