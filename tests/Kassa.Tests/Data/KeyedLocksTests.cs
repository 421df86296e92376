using Kassa.Data;

namespace Kassa.Tests.Data;

public sealed class KeyedLocksTests
{
    [Fact]
    public async Task One_turn_per_key_other_keys_pass_and_nothing_is_left_behind()
    {
        var gates = new KeyedLocks<string>();
        var first = await gates.EnterAsync("a", CancellationToken.None);

        var second = gates.EnterAsync("a", CancellationToken.None).AsTask();
        var other = await gates.EnterAsync("b", CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        // Only a release completes a waiting turn (no timer, no other thread): no need to wait before looking.
        Assert.False(second.IsCompleted);
        Assert.Equal(2, gates.ActiveKeys);

        first();
        var secondRelease = await second.WaitAsync(TimeSpan.FromSeconds(5));
        secondRelease();
        other();
        Assert.Equal(0, gates.ActiveKeys);
    }

    [Fact]
    public async Task A_cancelled_wait_gives_up_its_place_and_the_key_is_released()
    {
        var gates = new KeyedLocks<int>();
        var held = await gates.EnterAsync(1, CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var waiting = gates.EnterAsync(1, cancel.Token).AsTask();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        held();
        Assert.Equal(0, gates.ActiveKeys);
        (await gates.EnterAsync(1, CancellationToken.None))();
    }

    [Fact]
    public async Task Many_parallel_turns_on_one_key_never_overlap()
    {
        var gates = new KeyedLocks<Guid>();
        var key = Guid.NewGuid();
        var inside = 0;
        var maxInside = 0;
        await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(async () =>
        {
            var release = await gates.EnterAsync(key, CancellationToken.None);
            var now = Interlocked.Increment(ref inside);
            InterlockedMax(ref maxInside, now);
            await Task.Yield();
            Interlocked.Decrement(ref inside);
            release();
        })));
        Assert.Equal(1, maxInside);
        Assert.Equal(0, gates.ActiveKeys);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
    }
}
