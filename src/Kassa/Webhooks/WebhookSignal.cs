using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Kassa.Webhooks;

/// <summary>
/// Wakes this instance's <see cref="WebhookDispatcher"/> when a transaction that wrote webhook events commits, so a
/// delivery starts at once rather than at the next poll. An interceptor on every context: a context that wrote events
/// is marked (<see cref="AfterCommit"/>), and its commit (or a SaveChanges outside a transaction) rings; a rollback forgets it.
/// </summary>
public sealed class WebhookSignal : IDbTransactionInterceptor, ISaveChangesInterceptor
{
    private readonly ConditionalWeakTable<DbContext, object> _written = new();
    private readonly SemaphoreSlim _bell = new(0, 1);

    internal void AfterCommit(DbContext db) => _written.AddOrUpdate(db, this);

    /// <summary>Rings now: there is something to deliver (a redelivery, a re-enabled webhook).</summary>
    public void Ring()
    {
        try
        {
            if (_bell.CurrentCount == 0) _bell.Release();
        }
        catch (SemaphoreFullException)
        {
            // Rung already: one wake-up covers both.
        }
    }

    /// <summary>Waits until rung or <paramref name="timeout"/> (on <paramref name="clock"/>) has passed.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider clock, CancellationToken ct)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var timer = clock.CreateTimer(static s => ((CancellationTokenSource)s!).Cancel(), wait, timeout, Timeout.InfiniteTimeSpan);
        try
        {
            await _bell.WaitAsync(wait.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
        }
    }

    private void Committed(DbContext? db)
    {
        if (db is not null && _written.Remove(db)) Ring();
    }

    private void Forget(DbContext? db)
    {
        if (db is not null) _written.Remove(db);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Committed(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Committed(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context?.Database.CurrentTransaction is null) Committed(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(SavedChanges(eventData, result));
}
