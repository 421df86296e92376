using Kassa.Carts;
using Kassa.Data;
using Microsoft.EntityFrameworkCore;

namespace Kassa.Retention;

/// <summary>
/// Deletes unfinished carts and checkouts untouched for the retention period. A cart with an order
/// is never deleted: the order refers to it.
/// </summary>
public static class RetentionSweep
{
    /// <returns>How many carts were deleted.</returns>
    public static async Task<int> RunAsync(KassaDbContext db, DateTime nowUtc, int days, CancellationToken ct)
    {
        var cutoff = nowUtc.AddDays(-days);
        var stale = db.Carts.IgnoreQueryFilters()
            .Where(c => c.Status == CartStatus.Created && c.UpdatedAt < cutoff && c.PendingOrderId == null)
            .Where(c => !db.Orders.Any(o => o.CartId == c.Id));
        // Checkouts and items go with their cart (cascade); checkouts of kept carts that went stale go alone.
        await db.Checkouts.IgnoreQueryFilters()
            .Where(k => k.UpdatedAt < cutoff && k.OrderId == null && k.Status == Checkouts.CheckoutStatus.Active)
            .ExecuteDeleteAsync(ct);
        return await stale.ExecuteDeleteAsync(ct);
    }
}
