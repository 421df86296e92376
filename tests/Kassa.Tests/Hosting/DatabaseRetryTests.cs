using Kassa.Data;
using Microsoft.Extensions.Time.Testing;

namespace Kassa.Tests.Hosting;

/// <summary>PostgreSQL that is not up yet is tried again with a growing pause, within Kassa:Database:StartupRetrySeconds, on the clock.</summary>
public sealed class DatabaseRetryTests
{
    private sealed class NotYet : Exception;

    /// <summary>Moves the clock on while <paramref name="task"/> waits for it.</summary>
    private static async Task Drive(FakeTimeProvider clock, Task task)
    {
        for (var i = 0; !task.IsCompleted && i < 100_000; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Yield();
        }
    }

    [Fact]
    public async Task A_server_that_comes_up_is_waited_for_with_growing_pauses()
    {
        var clock = new FakeTimeProvider();
        var failures = 4;
        var waits = new List<TimeSpan>();
        var attempt = () => DatabaseReachability.RetryAsync(
            _ => failures-- > 0 ? Task.FromException<int>(new NotYet()) : Task.FromResult(42),
            e => e is NotYet, TimeSpan.FromSeconds(30), clock, (_, wait) => waits.Add(wait), CancellationToken.None);

        var task = attempt();
        await Drive(clock, task);

        Assert.Equal(42, await task);
        Assert.Equal([0.5, 1, 2, 4], waits.Select(w => w.TotalSeconds));
    }

    [Fact]
    public async Task It_gives_up_when_the_time_is_spent_and_at_once_on_a_failure_that_will_not_pass()
    {
        var clock = new FakeTimeProvider();
        var waits = new List<TimeSpan>();
        var started = clock.GetUtcNow();
        var task = DatabaseReachability.RetryAsync<int>(_ => throw new NotYet(), e => e is NotYet, TimeSpan.FromSeconds(20), clock,
            (_, wait) => waits.Add(wait), CancellationToken.None);
        await Drive(clock, task);

        await Assert.ThrowsAsync<NotYet>(() => task);
        Assert.Equal([0.5, 1, 2, 4, 5, 5, 2.5], waits.Select(w => w.TotalSeconds));
        Assert.InRange(clock.GetUtcNow() - started, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(20.2));

        waits.Clear();
        await Assert.ThrowsAsync<InvalidOperationException>(() => DatabaseReachability.RetryAsync<int>(
            _ => throw new InvalidOperationException("wrong password"), e => e is NotYet, TimeSpan.FromSeconds(20), clock,
            (_, wait) => waits.Add(wait), CancellationToken.None));
        Assert.Empty(waits);
    }
}
