using Kassa.Http;
using Kassa.Validation;

namespace Kassa.Ordering;

/// <summary>
/// The one table of moves an order may make, whoever asks (a provider's webhook, expiry, an admin). Any
/// move not in it is a 409 naming the order's current state. docs/api.md shows the same table.
/// </summary>
public static class OrderTransitions
{
    public const string StatusField = "status";
    public const string PaymentStatusField = "payment_status";
    public const string ShippingStatusField = "shipping_status";

    /// <param name="Field">Which of the order's three states moves.</param>
    /// <param name="When">The rest of the order that the move needs, in words; null when it needs nothing more.</param>
    public sealed record Transition(string Field, string From, string To, string? When, Func<Order, bool> Allows);

    private static bool NotDispatched(Order o) => o.ShippingStatus == OrderShippingStatus.NotDispatched;

    public static readonly IReadOnlyList<Transition> Table =
    [
        new(PaymentStatusField, OrderPaymentStatus.Pending, OrderPaymentStatus.Paid, null, _ => true),
        new(PaymentStatusField, OrderPaymentStatus.Pending, OrderPaymentStatus.Cancelled, "not dispatched", NotDispatched),
        new(PaymentStatusField, OrderPaymentStatus.Pending, OrderPaymentStatus.Expired, "not dispatched", NotDispatched),
        new(PaymentStatusField, OrderPaymentStatus.Paid, OrderPaymentStatus.Refunded, null, _ => true),

        new(StatusField, OrderStatus.Created, OrderStatus.Completed, "paid", o => o.PaymentStatus == OrderPaymentStatus.Paid),
        new(StatusField, OrderStatus.Created, OrderStatus.Cancelled, "payment pending, not dispatched",
            o => o.PaymentStatus == OrderPaymentStatus.Pending && NotDispatched(o)),
        new(StatusField, OrderStatus.Completed, OrderStatus.Cancelled, "refunded, not dispatched",
            o => o.PaymentStatus == OrderPaymentStatus.Refunded && NotDispatched(o)),

        new(ShippingStatusField, OrderShippingStatus.NotDispatched, OrderShippingStatus.Dispatched, "paid, or pending on the offline gateway",
            PaidOrInvoiced),
        new(ShippingStatusField, OrderShippingStatus.NotDispatched, OrderShippingStatus.Delivered, "paid, or pending on the offline gateway",
            PaidOrInvoiced),
        new(ShippingStatusField, OrderShippingStatus.Dispatched, OrderShippingStatus.Delivered, null, _ => true),
    ];

    /// <summary>An offline order (an invoice) may ship before it is paid; an online one only once paid.</summary>
    private static bool PaidOrInvoiced(Order o) =>
        o.Status != OrderStatus.Cancelled &&
        (o.PaymentStatus is OrderPaymentStatus.Paid or OrderPaymentStatus.Refunded ||
         o.PaymentStatus == OrderPaymentStatus.Pending && o.GatewayCode == Payments.OfflinePaymentProvider.Code);

    /// <summary>Throws a 409 naming the order's state unless the table allows the move; staying put is always allowed.</summary>
    public static void Check(Order order, string field, string to)
    {
        var from = Current(order, field);
        if (from == to) return;
        var move = Table.FirstOrDefault(t => t.Field == field && t.From == from && t.To == to);
        if (move is not null && move.Allows(order)) return;
        var state = $"status {order.Status}, payment_status {order.PaymentStatus}, shipping_status {order.ShippingStatus}";
        var why = move is null
            ? $"{field} cannot go from {from} to {to}"
            : $"{field} can go from {from} to {to} only when the order is {move.When}";
        throw new ConflictException($"Order {order.Code} is in {state}: {why}.{Hint(order, field, to)}",
            new Dictionary<string, string[]> { [field] = [$"{from} cannot become {to} now."] });
    }

    public static string Current(Order order, string field) => field switch
    {
        StatusField => order.Status,
        PaymentStatusField => order.PaymentStatus,
        ShippingStatusField => order.ShippingStatus,
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
    };

    /// <summary>The moves the table offers this order now (what an admin screen may offer).</summary>
    public static IEnumerable<Transition> Allowed(Order order) =>
        Table.Where(t => t.From == Current(order, t.Field) && t.Allows(order));

    private static string Hint(Order order, string field, string to) =>
        field == StatusField && to == OrderStatus.Cancelled && order.PaymentStatus == OrderPaymentStatus.Paid
            ? " Refund it first (payment_status refunded), then cancel it."
            : "";
}
