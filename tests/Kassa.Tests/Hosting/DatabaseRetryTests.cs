using Kassa.Data;
using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace Kassa.Tests.Hosting;

/// <summary>PostgreSQL that is not up yet is tried again with a growing pause, within Kassa:Database:StartupRetrySeconds, on the clock.</summary>
public sealed class DatabaseRetryTests
{
    private sealed class NotYet : Exception;

    /// <summary>A fake clock that tells the test each timer it starts, so the test moves it by exactly that pause.</summary>
    private sealed class SteppedClock : FakeTimeProvider
    {
        public Channel<TimeSpan> Timers { get; } = Channel.CreateUnbounded<TimeSpan>();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            Timers.Writer.TryWrite(dueTime);
            return timer;
        }
    }

    /// <summary>
    /// Moves the clock on by each pause once <paramref name="task"/> waits on it, and not before: moving it in fixed steps
    /// ran ahead of a retry whose continuation had not run yet on a busy machine, so the retry saw its budget spent.
    /// </summary>
    private static async Task Drive(SteppedClock clock, Task task)
    {
        while (!task.IsCompleted)
        {
            var next = clock.Timers.Reader.ReadAsync().AsTask();
            if (await Task.WhenAny(task, next) == task) return;
            clock.Advance(await next);
        }
    }

    [Fact]
    public async Task A_server_that_comes_up_is_waited_for_with_growing_pauses()
    {
        var clock = new SteppedClock();
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
        var clock = new SteppedClock();
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
