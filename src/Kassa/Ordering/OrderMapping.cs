using System.Globalization;
using Kassa.Carts.Voog;
using Kassa.Discounts;
using Kassa.Http;
using Kassa.Pricing;
using Kassa;

namespace Kassa.Ordering;

/// <summary>
/// The Voog order object, mapped from the order and its frozen <see cref="OrderContent"/>. Items and addresses are
/// always shown (the seed's order has them without <c>include=</c>); <c>include=translations</c> adds the item
/// names' translations and <c>language_code=</c> names the items in that language, as for carts.
/// </summary>
public static class OrderMapping
{
    public static VoogOrderResponse ToVoog(this Order order, VoogCartView view, Payments.PaymentGateways gateways)
    {
        var content = OrderSnapshot.Read(order);
        var baseUrl = view.BaseUrl;
        var url = $"{baseUrl}{PublicUrls.VoogBase}/orders/{order.Id}";
        return new VoogOrderResponse
        {
            Id = order.Id,
            Uuid = order.Uuid,
            Code = order.Code,
            Status = order.Status,
            PaymentStatus = order.PaymentStatus,
            ShippingStatus = order.ShippingStatus,
            Currency = order.Currency,
            ShippingMethodId = content.Shipping?.MethodId,
            ShippingMethodOption = content.Shipping?.Option,
            GatewayCode = order.GatewayCode,
            GatewayName = gateways.Find(order.GatewayCode)?.Name,
            PaymentMethod = order.PaymentMethod,
            ItemsSubtotalAmount = Money.ToVoog(content.ItemsSubtotalAmount),
            ItemsOriginalAmount = Money.ToVoog(content.ItemsOriginalAmount),
            ItemsTaxAmount = Money.ToVoog(content.ItemsTaxAmount),
            ItemsTotalAmount = Money.ToVoog(content.ItemsTotalAmount),
            ShippingSubtotalAmount = Money.ToVoog(content.ShippingSubtotalAmount),
            ShippingOriginalAmount = Money.ToVoog(content.ShippingOriginalAmount),
            ShippingTaxAmount = Money.ToVoog(content.ShippingTaxAmount),
            ShippingTotalAmount = Money.ToVoog(content.ShippingTotalAmount),
            ShippingTaxRate = Money.ToVoog(content.ShippingTaxRate),
            TotalAmount = Money.ToVoog(content.TotalAmount),
            ItemAmounts = content.Lines.Select(l => new VoogItemAmounts(
                Money.ToVoog(l.SubtotalAmount), Money.ToVoog(l.OriginalAmount), Money.ToVoog(l.TaxRate),
                Money.ToVoog(l.TaxAmount), Money.ToVoog(l.TotalAmount))).ToList(),
            TaxAmounts = content.TaxAmounts.Select(t => new VoogTaxAmounts(
                Money.ToVoog(t.SubtotalAmount), Money.ToVoog(t.TaxRate), Money.ToVoog(t.TaxAmount))).ToList(),
            ReturnUrl = order.ReturnUrl,
            Note = content.Note,
            IssuedDate = order.IssuedDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ValueDate = order.ValueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            CompletedAt = order.CompletedAt,
            CartRulesApplied = content.CartRulesApplied,
            CartRules = content.CartRules.Select(r => CartRules.CartRuleMapping.ToResponse(r.ToRule())).ToList(),
            CustomFieldValues = content.CustomFieldValues,
            CustomFieldMetadata = content.CustomFields.ToDictionary(f => f.Key, f => new VoogCustomFieldMetadata(f.Label, f.Kind, f.Required)),
            CreatedAt = order.CreatedAt,
            UpdatedAt = order.UpdatedAt,
            Discount = content.Discount is { } d
                ? new DiscountResponse(d.Id, d.Name, d.Description, d.Code, d.Status, d.AppliesTo, d.DiscountType, Money.ToVoog(d.Amount), d.Currency, [],
                    d.RedemptionCount, d.RedemptionLimit, d.ValidFrom, d.ValidTo, d.CreatedAt, d.UpdatedAt)
                : null,
            ShippingMethod = content.Shipping is { } s
                ? new VoogCartShippingMethod(s.MethodId, s.Name, s.Description, Money.ToVoog(s.Amount), Money.ToVoog(s.TaxRate), s.MethodId is null ? "flat_rate" : null, s.Option)
                : null,
            BillingAddress = content.BillingAddress?.ToWire(),
            ShippingAddress = content.ShippingAddress?.ToShippingWire(),
            Customer = content.Customer is { } c ? new VoogCustomerWire(c.Name, c.Email, c.Phone, c.Language) : null,
            Items = content.Lines.Select(l => l.ToVoog(view, order.PaymentStatus)).ToList(),
            Urls = new VoogOrderUrls(url, $"{baseUrl}{PublicUrls.VoogBase}/invoices/{order.Uuid}", order.PaymentStatus == OrderPaymentStatus.Pending ? order.PaymentUrl : null),
        };
    }

    /// <param name="status">A line of an order is as paid as the order.</param>
    private static VoogCartItemResponse ToVoog(this OrderLine line, VoogCartView view, string status)
    {
        var name = view.Language is { } language && line.NameTranslations.TryGetValue(language, out var translated) ? translated : line.Name;
        return new VoogCartItemResponse
        {
            Id = line.ItemId,
            Status = status,
            ProductId = line.ProductId,
            Note = line.Note,
            Quantity = line.Quantity,
            Price = Money.ToVoog(line.UnitPrice),
            SubtotalAmount = Money.ToVoog(line.SubtotalAmount),
            TaxAmount = Money.ToVoog(line.TaxAmount),
            TaxRate = Money.ToVoog(line.TaxRate),
            Amount = Money.ToVoog(line.TotalAmount),
            CreatedAt = line.CreatedAt,
            UpdatedAt = line.UpdatedAt,
            HasItemDiscount = line.HasDiscount,
            ProductPrice = Money.ToVoog(line.CatalogPrice),
            Product = VoogCartMapping.ItemProduct(line.ProductId, line.CatalogPrice, line.IsVariant, line.Available, line.Sku, name, line.ParentId,
                line.VariantAttributesText, line.VariantAttributes, line.ImageUrl),
            ProductName = name,
            Translations = view.Translations ? new VoogTranslations(new Dictionary<string, string>(line.NameTranslations, StringComparer.Ordinal)) : null,
        };
    }
}
