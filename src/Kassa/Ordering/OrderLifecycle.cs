using Kassa.Carts;
using Kassa.Data;
using Microsoft.EntityFrameworkCore;

namespace Kassa.Ordering;

/// <summary>
/// What follows from each move of <see cref="OrderTransitions"/>, the same whoever asks for it: paid completes
/// the order and closes its cart; a cancelled or expired payment, or a cancelled order, gives the stock and the
/// discount redemption back and frees the cart for another try. Runs inside <see cref="OrderWrites"/>.
/// </summary>
public static class OrderLifecycle
{
    public static async Task SetPaymentStatusAsync(KassaDbContext db, Order order, string paymentStatus, DateTime now, CancellationToken ct)
    {
        OrderTransitions.Check(order, OrderTransitions.PaymentStatusField, paymentStatus);
        if (order.PaymentStatus == paymentStatus) return;
        order.PaymentStatus = paymentStatus;
        switch (paymentStatus)
        {
            case OrderPaymentStatus.Paid:
                order.Status = OrderStatus.Completed;
                order.CompletedAt ??= now;
                await db.Carts.IgnoreQueryFilters().Where(c => c.Id == order.CartId)
                    .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, CartStatus.Closed).SetProperty(c => c.PendingOrderId, (long?)null)
                        .SetProperty(c => c.Version, c => c.Version + 1), ct);
                await db.Checkouts.Where(c => c.CartId == order.CartId && c.Status == Checkouts.CheckoutStatus.Active)
                    .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, Checkouts.CheckoutStatus.Completed).SetProperty(c => c.Version, c => c.Version + 1), ct);
                break;
            case OrderPaymentStatus.Cancelled or OrderPaymentStatus.Expired:
                await CancelAsync(db, order, ct);
                break;
        }
    }

    public static async Task SetStatusAsync(KassaDbContext db, Order order, string status, DateTime now, CancellationToken ct)
    {
        OrderTransitions.Check(order, OrderTransitions.StatusField, status);
        if (order.Status == status) return;
        if (status == OrderStatus.Cancelled)
        {
            // An order cancelled before it was paid will not be paid: its payment is cancelled with it.
            if (order.PaymentStatus == OrderPaymentStatus.Pending) order.PaymentStatus = OrderPaymentStatus.Cancelled;
            await CancelAsync(db, order, ct);
            return;
        }
        order.Status = status;
        if (status == OrderStatus.Completed) order.CompletedAt ??= now;
    }

    public static void SetShippingStatus(Order order, string shippingStatus)
    {
        OrderTransitions.Check(order, OrderTransitions.ShippingStatusField, shippingStatus);
        order.ShippingStatus = shippingStatus;
    }

    /// <summary>
    /// The provider refused to open a payment for an order that had none: nobody could ever pay it, and nobody but
    /// the refused request has seen it. It is withdrawn as if never placed: its stock and discount go back, its
    /// row goes, and its cart (closed by this checkout, or waiting for this payment) is open again to be changed.
    /// </summary>
    public static Task WithdrawUnstartedAsync(KassaDbContext db, long orderId, CancellationToken ct) =>
        db.InLockedOrderAsync(orderId, OrderChangedBy.Withdrawal, async order =>
        {
            if (order is null || order.PaymentStatus != OrderPaymentStatus.Pending || order.PaymentUrl is not null || order.PaymentReference is not null)
                return false;
            await CancelAsync(db, order, ct);
            await db.Carts.IgnoreQueryFilters().Where(c => c.Id == order.CartId && c.Status == CartStatus.Closed)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, CartStatus.Created).SetProperty(c => c.Version, c => c.Version + 1), ct);
            await db.Checkouts.IgnoreQueryFilters().Where(c => c.OrderId == order.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.OrderId, (long?)null).SetProperty(c => c.Version, c => c.Version + 1), ct);
            db.Orders.Remove(order);
            return true;
        }, ct);

    private static async Task CancelAsync(KassaDbContext db, Order order, CancellationToken ct)
    {
        order.Status = OrderStatus.Cancelled;
        order.LiveCartId = null;
        await OrderPlacement.ReleaseStockAsync(db, order, ct);
        // The shopper may change the cart and try again.
        await db.Carts.IgnoreQueryFilters().Where(c => c.PendingOrderId == order.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.PendingOrderId, (long?)null).SetProperty(c => c.Version, c => c.Version + 1), ct);
        if (order.DiscountId is { } discountId)
        {
            await db.Discounts.Where(d => d.Id == discountId && d.RedemptionCount > 0)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.RedemptionCount, d => d.RedemptionCount - 1), ct);
        }
    }
}
