using Kassa.Carts;
using Kassa.Checkouts;
using Kassa.Data;
using Microsoft.EntityFrameworkCore;

namespace Kassa.Retention;

/// <summary>
/// Deletes unfinished carts and checkouts untouched for the retention period. A cart with an order
/// is never deleted: the order refers to it.
/// </summary>
public static class RetentionSweep
{
    /// <summary>Rows deleted per write, so that cart writes wait for no more than one short batch.</summary>
    public const int BatchSize = 500;

    /// <returns>How many carts were deleted.</returns>
    public static async Task<int> RunAsync(KassaDbContext db, DateTime nowUtc, int days, CancellationToken ct)
    {
        var cutoff = nowUtc.AddDays(-days);
        // Checkouts and items go with their cart (cascade); checkouts of kept carts that went stale go alone.
        await DeleteInBatchesAsync(db, () => db.Checkouts.IgnoreQueryFilters()
            .Where(k => k.UpdatedAt < cutoff && k.OrderId == null && k.Status == CheckoutStatus.Active), ct);
        return await DeleteInBatchesAsync(db, () => db.Carts.IgnoreQueryFilters()
            .Where(c => c.Status == CartStatus.Created && c.UpdatedAt < cutoff && c.PendingOrderId == null)
            .Where(c => !db.Orders.Any(o => o.CartId == c.Id)), ct);
    }

    /// <summary>Deletes the rows <paramref name="stale"/> finds, <see cref="BatchSize"/> per write; returns how many.</summary>
    internal static async Task<int> DeleteInBatchesAsync<T>(KassaDbContext db, Func<IQueryable<T>> stale, CancellationToken ct)
        where T : class, IEntity
    {
        var deleted = 0;
        long after = 0;
        while (true)
        {
            // Found by a read, which takes no lock, in key order: each batch's scan resumes where the last one stopped
            // (carts have no index on UpdatedAt, which would move with every cart write; webhook deliveries none on their
            // final times).
            var ids = await stale().Where(e => e.Id > after).OrderBy(e => e.Id).Select(e => e.Id).Take(BatchSize).ToListAsync(ct);
            if (ids.Count == 0) return deleted;
            after = ids[^1];
            // The conditions are checked again as the batch is deleted: a row written to meanwhile stays.
            deleted += await stale().Where(e => ids.Contains(e.Id)).ExecuteDeleteAsync(ct);
        }
    }
}
