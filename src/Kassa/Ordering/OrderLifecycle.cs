using Kassa.Carts;
using Kassa.Data;
using Kassa.Http;
using Microsoft.EntityFrameworkCore;

namespace Kassa.Ordering;

/// <summary>
/// What follows from a payment result or an admin's change, the same whoever reports it: paid
/// completes the order and closes its cart; cancelled or expired gives the stock and the discount
/// redemption back and frees the cart for another try.
/// </summary>
public static class OrderLifecycle
{
    public static async Task SetPaymentStatusAsync(KassaDbContext db, Order order, string paymentStatus, DateTime now, CancellationToken ct)
    {
        if (order.PaymentStatus == paymentStatus) return;
        var wasEnded = order.Status == OrderStatus.Cancelled;
        switch (paymentStatus)
        {
            case OrderPaymentStatus.Paid:
                if (wasEnded)
                    throw new ConflictException($"Order {order.Code} is cancelled; its stock was released, so it cannot be paid.");
                if (order.PaymentStatus == OrderPaymentStatus.Refunded)
                    throw new ConflictException($"Order {order.Code} was refunded; it cannot be paid again.");
                order.PaymentStatus = OrderPaymentStatus.Paid;
                order.Status = OrderStatus.Completed;
                order.CompletedAt ??= now;
                await db.Carts.IgnoreQueryFilters().Where(c => c.Id == order.CartId)
                    .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, CartStatus.Closed).SetProperty(c => c.PendingOrderId, (long?)null)
                        .SetProperty(c => c.Version, c => c.Version + 1), ct);
                await db.Checkouts.Where(c => c.CartId == order.CartId && c.Status == Checkouts.CheckoutStatus.Active)
                    .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, Checkouts.CheckoutStatus.Completed).SetProperty(c => c.Version, c => c.Version + 1), ct);
                break;
            case OrderPaymentStatus.Cancelled or OrderPaymentStatus.Expired:
                if (order.PaymentStatus is OrderPaymentStatus.Paid or OrderPaymentStatus.Refunded)
                    throw new ConflictException($"Order {order.Code} is {order.PaymentStatus}; refund it instead of cancelling the payment.");
                order.PaymentStatus = paymentStatus;
                await CancelAsync(db, order, ct);
                break;
            case OrderPaymentStatus.Refunded:
                if (order.PaymentStatus != OrderPaymentStatus.Paid)
                    throw new ConflictException($"Order {order.Code} is {order.PaymentStatus}; only a paid order can be refunded.");
                order.PaymentStatus = paymentStatus;
                break;
            default:
                // Back to pending: nothing that followed from paid or cancelled (closed cart, released stock) can be undone.
                throw new ConflictException(
                    $"Order {order.Code} is {order.PaymentStatus}; its payment status cannot go back to {paymentStatus}.");
        }
    }

    public static async Task SetStatusAsync(KassaDbContext db, Order order, string status, DateTime now, CancellationToken ct)
    {
        if (order.Status == status) return;
        switch (status)
        {
            case OrderStatus.Cancelled:
                await CancelAsync(db, order, ct);
                break;
            case OrderStatus.Completed:
                order.Status = status;
                order.CompletedAt ??= now;
                break;
            default:
                if (order.Status == OrderStatus.Cancelled)
                    throw new ConflictException($"Order {order.Code} is cancelled and cannot be reopened.");
                order.Status = status;
                break;
        }
    }

    private static async Task CancelAsync(KassaDbContext db, Order order, CancellationToken ct)
    {
        if (order.Status == OrderStatus.Cancelled) return;
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
