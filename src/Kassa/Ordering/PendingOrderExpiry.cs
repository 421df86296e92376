using Kassa.Data;
using Microsoft.EntityFrameworkCore;

namespace Kassa.Ordering;

/// <summary>
/// Expires online payments nobody finished: a pending order older than the limit is marked expired
/// through <see cref="OrderLifecycle"/>, which gives its stock and discount back. Offline orders wait
/// for an admin (invoices take days) and are left alone.
/// </summary>
public static class PendingOrderExpiry
{
    /// <returns>How many orders expired.</returns>
    public static async Task<int> RunAsync(KassaDbContext db, DateTime nowUtc, TimeSpan after, CancellationToken ct)
    {
        var cutoff = nowUtc - after;
        var ids = await db.Orders.AsNoTracking()
            .Where(o => o.PaymentStatus == OrderPaymentStatus.Pending && o.Status == OrderStatus.Created &&
                        o.GatewayCode != Payments.OfflinePaymentProvider.Code && o.CreatedAt < cutoff)
            .OrderBy(o => o.Id).Select(o => o.Id).Take(500).ToListAsync(ct);
        var expired = 0;
        foreach (var id in ids)
        {
            var done = await db.InLockedOrderAsync(id, OrderChangedBy.Expiry, async order =>
            {
                // A result may have arrived since the list was read.
                if (order is not { PaymentStatus: OrderPaymentStatus.Pending, Status: OrderStatus.Created }) return false;
                await OrderLifecycle.SetPaymentStatusAsync(db, order, OrderPaymentStatus.Expired, nowUtc, ct);
                return true;
            }, ct);
            if (done) expired++;
        }
        return expired;
    }
}
