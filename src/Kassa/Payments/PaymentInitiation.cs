using Kassa.Ordering;

namespace Kassa.Payments;

public static class PaymentInitiation
{
    /// <summary>
    /// Opens the provider's payment for a pending order once; an order that already has one keeps it,
    /// so repeated or parallel initiations (serialized by the cart lock) share one payment.
    /// </summary>
    public static async Task EnsureStartedAsync(Order order, PaymentGateways gateways, PaymentStartContext context, CancellationToken ct)
    {
        if (order.PaymentStatus != OrderPaymentStatus.Pending || order.PaymentUrl is not null || order.PaymentReference is not null) return;
        var provider = gateways.Find(order.GatewayCode)
                       ?? throw new Http.ConflictException($"The order's gateway '{order.GatewayCode}' is no longer offered.");
        order.SuccessUrl ??= context.SuccessUrl;
        order.CancelUrl ??= context.CancelUrl;
        var session = await provider.StartAsync(order, context, ct);
        order.PaymentUrl = session.RedirectUrl;
        order.PaymentReference = session.Reference;
    }
}
