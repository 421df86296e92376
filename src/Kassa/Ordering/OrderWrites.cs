using Kassa.Data;
using Kassa.Http;
using Kassa.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace Kassa.Ordering;

/// <summary>
/// Every change of an existing order runs here: one transaction that holds the order (PostgreSQL's row lock,
/// SQLite's write lock) from the read to the commit, so two changes of one order — a webhook and an admin, on
/// two instances — run one after the other and the second sees the first's outcome. What the change meant (paid,
/// cancelled, refunded) is told to <see cref="OrderTelemetry"/> once it has committed.
/// </summary>
public static class OrderWrites
{
    private const int MaxAttempts = 5;

    /// <summary>Runs <paramref name="work"/> on the locked order (null when there is no such order) and commits.</summary>
    /// <param name="changedBy">Who asks for the change (<see cref="OrderChangedBy"/>), for the log and the metrics.</param>
    public static async Task<T> InLockedOrderAsync<T>(
        this KassaDbContext db, long orderId, string changedBy, Func<Order?, Task<T>> work, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var order = db.Database.IsNpgsql()
                ? await db.Orders.FromSql($"""SELECT * FROM orders WHERE "Id" = {orderId} FOR UPDATE""").SingleOrDefaultAsync(ct)
                : await db.Orders.SingleOrDefaultAsync(o => o.Id == orderId, ct);
            var before = order is null ? default : OrderTelemetry.Statuses.Of(order);
            var was = order is null ? default : OrderEvents.State.Of(order);
            try
            {
                var result = await work(order);
                var deleted = order is not null && db.Entry(order).State == EntityState.Deleted;
                await db.SaveChangesAsync(ct);
                // The change's webhook events go into the outbox in this transaction, the order as saved (its time and version) in them.
                if (order is not null && await OrderEvents.RecordChangeAsync(db, was, order, deleted, changedBy, ct)) await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                if (order is not null) db.OrderTelemetry.Changed(before, order, changedBy);
                return result;
            }
            // The version check is the backstop where the lock is not shared (SQLite files opened by two processes).
            catch (DbUpdateConcurrencyException) when (attempt < MaxAttempts)
            {
                await transaction.RollbackAsync(ct);
                await Task.Delay(Random.Shared.Next(1, 10 * attempt), ct);
            }
        }
    }
}
