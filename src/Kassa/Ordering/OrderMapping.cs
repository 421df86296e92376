using Kassa.Http;

namespace Kassa.Ordering;

public static class OrderMapping
{
    public static VoogOrderResponse ToVoog(this Order order, string baseUrl, Payments.PaymentGateways gateways)
    {
        var cart = OrderSnapshot.Read(order);
        var url = $"{baseUrl}{KassaApp.VoogBase}/orders/{order.Id}";
        return new VoogOrderResponse
        {
            Id = order.Id,
            Uuid = order.Uuid,
            Code = order.Code,
            Status = order.Status,
            PaymentStatus = order.PaymentStatus,
            ShippingStatus = order.ShippingStatus,
            Currency = order.Currency,
            ShippingMethodId = cart.ShippingMethodId,
            ShippingMethodOption = cart.ShippingMethodOption,
            GatewayCode = order.GatewayCode,
            GatewayName = gateways.Find(order.GatewayCode)?.Name,
            PaymentMethod = order.PaymentMethod,
            ItemsSubtotalAmount = cart.ItemsSubtotalAmount,
            ItemsOriginalAmount = cart.ItemsOriginalAmount,
            ItemsTaxAmount = cart.ItemsTaxAmount,
            ItemsTotalAmount = cart.ItemsTotalAmount,
            ShippingSubtotalAmount = cart.ShippingSubtotalAmount,
            ShippingOriginalAmount = cart.ShippingOriginalAmount,
            ShippingTaxAmount = cart.ShippingTaxAmount,
            ShippingTotalAmount = cart.ShippingTotalAmount,
            ShippingTaxRate = cart.ShippingTaxRate,
            TotalAmount = cart.TotalAmount,
            ItemAmounts = cart.ItemAmounts,
            TaxAmounts = cart.TaxAmounts,
            ReturnUrl = order.ReturnUrl,
            Note = cart.Note,
            IssuedDate = order.IssuedDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ValueDate = order.ValueDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            CompletedAt = order.CompletedAt,
            CartRulesApplied = cart.CartRulesApplied,
            CustomFieldValues = cart.CustomFieldValues,
            CustomFieldMetadata = cart.CustomFieldMetadata,
            CreatedAt = order.CreatedAt,
            UpdatedAt = order.UpdatedAt,
            Discount = cart.Discount,
            ShippingMethod = cart.ShippingMethod,
            BillingAddress = cart.BillingAddress.IsSet ? cart.BillingAddress.Value : null,
            ShippingAddress = cart.ShippingAddress.IsSet ? cart.ShippingAddress.Value : null,
            Customer = cart.Customer,
            // A line of an order is as paid as the order; the snapshot keeps the cart's "pending".
            Items = (cart.Items ?? []).Select(i => i with { Status = order.PaymentStatus }).ToList(),
            Urls = new VoogOrderUrls(url, $"{baseUrl}{KassaApp.VoogBase}/invoices/{order.Uuid}", order.PaymentStatus == OrderPaymentStatus.Pending ? order.PaymentUrl : null),
        };
    }
}
