using Kassa.Carts;
using Kassa.Ordering;

namespace Kassa.Webhooks;

/// <summary>A made-up order for <c>GET /webhooks/sample</c> in a store that has none yet: one line, shipped by post, unpaid.</summary>
public static class WebhookSample
{
    public static Order Order(DateTime now)
    {
        var content = new OrderContent
        {
            Currency = "EUR",
            Lines =
            [
                new OrderLine(1, Guid.Empty, 1, null, false, "SAMPLE-1", "Sample product", new Dictionary<string, string>(), null, [], null, null,
                    2, 10m, 10m, true, 20m, 20m, 0m, 20m, 4m, 24m, false, now, now),
            ],
            ItemsOriginalAmount = 20m,
            ItemsSubtotalAmount = 20m,
            ItemsTaxAmount = 4m,
            ItemsTotalAmount = 24m,
            Shipping = new OrderShipping(null, "Post", null, null, 5m, 20m),
            ShippingTaxRate = 20m,
            ShippingOriginalAmount = 5m,
            ShippingSubtotalAmount = 5m,
            ShippingTaxAmount = 1m,
            ShippingTotalAmount = 6m,
            TotalAmount = 30m,
            TaxAmounts = [new OrderTaxLine(20m, 25m, 5m)],
            Discount = null,
            CartRulesApplied = false,
            Customer = new CartCustomer("Ada Lovelace", "ada@example.com", null, null),
            BillingAddress = null,
            ShippingAddress = null,
            Note = null,
            CustomFieldValues = [],
            CustomFields = [],
        };
        var today = DateOnly.FromDateTime(now);
        return new Order
        {
            Id = 1,
            Uuid = Guid.Empty,
            Number = 1,
            Currency = "EUR",
            TotalAmount = 30m,
            GatewayCode = Payments.OfflinePaymentProvider.Code,
            PaymentMethod = Payments.OfflinePaymentProvider.Code,
            Snapshot = OrderSnapshot.Write(content),
            IssuedDate = today,
            ValueDate = today,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }
}
