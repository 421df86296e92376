using System.Globalization;
using Kassa.Carts;
using Kassa.Carts.Voog;
using Kassa.Catalog;
using Kassa.Settings;

namespace Kassa.Ordering;

/// <summary>
/// Orders placed before <see cref="OrderContent"/> stored the Voog cart answer as their snapshot; this reads
/// one back into the order core, so those orders show and pay exactly as they did.
/// </summary>
public static class LegacyOrderSnapshot
{
    public static OrderContent ToContent(VoogCartResponse cart)
    {
        var items = cart.Items ?? [];
        var lines = new List<OrderLine>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var subtotal = Parse(item.SubtotalAmount);
            var original = i < cart.ItemAmounts.Count ? Parse(cart.ItemAmounts[i].OriginalAmount) : subtotal;
            var p = item.Product;
            lines.Add(new OrderLine(
                item.Id, Guid.Empty, item.ProductId, p.ParentId, p.IsVariant, p.Sku, item.ProductName,
                item.Translations?.Name ?? new Dictionary<string, string>(),
                p.VariantAttributesText,
                p.VariantAttributes.Select(a => new VariantAttribute(
                    new VariantAttributePart(a.VariantType.Id, a.VariantType.Name), new VariantAttributePart(a.VariantValue.Id, a.VariantValue.Name))).ToList(),
                p.Image?.Url, item.Note, item.Quantity, Parse(item.Price), ParseOrNull(item.ProductPrice), p.Available,
                Parse(item.TaxRate), original, original - subtotal, subtotal, Parse(item.TaxAmount), Parse(item.Amount), item.HasItemDiscount,
                item.CreatedAt, item.UpdatedAt));
        }

        var billing = cart.BillingAddress.IsSet ? cart.BillingAddress.Value : null;
        var shipping = cart.ShippingAddress.IsSet ? cart.ShippingAddress.Value : null;
        return new OrderContent
        {
            Format = 0,
            Currency = cart.Currency,
            Lines = lines,
            ItemsOriginalAmount = Parse(cart.ItemsOriginalAmount),
            ItemsSubtotalAmount = Parse(cart.ItemsSubtotalAmount),
            ItemsTaxAmount = Parse(cart.ItemsTaxAmount),
            ItemsTotalAmount = Parse(cart.ItemsTotalAmount),
            Shipping = cart.ShippingMethod is { } s
                ? new OrderShipping(s.Id, s.Name, s.Description, s.Option, Parse(s.Amount), Parse(s.TaxRate))
                : null,
            ShippingTaxRate = ParseOrNull(cart.ShippingTaxRate),
            ShippingOriginalAmount = Parse(cart.ShippingOriginalAmount),
            ShippingSubtotalAmount = Parse(cart.ShippingSubtotalAmount),
            ShippingTaxAmount = Parse(cart.ShippingTaxAmount),
            ShippingTotalAmount = Parse(cart.ShippingTotalAmount),
            TotalAmount = Parse(cart.TotalAmount),
            TaxAmounts = cart.TaxAmounts.Select(t => new OrderTaxLine(Parse(t.TaxRate), Parse(t.SubtotalAmount), Parse(t.TaxAmount))).ToList(),
            Discount = cart.Discount is { } d
                ? new OrderDiscount(d.Id, d.Name, d.Description, d.Code, d.Status, d.AppliesTo, d.DiscountType, Parse(d.Amount), d.Currency,
                    d.RedemptionCount, d.RedemptionLimit, d.ValidFrom, d.ValidTo, d.CreatedAt, d.UpdatedAt)
                : null,
            CartRulesApplied = cart.CartRulesApplied,
            Customer = cart.Customer is { } c ? new CartCustomer(c.Name, c.Email, c.Phone, c.Language) : null,
            BillingAddress = billing?.ToAddress(),
            ShippingAddress = shipping is null
                ? null
                : new CartAddress(shipping.Name, shipping.CompanyName, shipping.VatCode, shipping.Address1, shipping.Address2, shipping.City,
                    shipping.ZipCode, shipping.State, shipping.CountryCode, shipping.Phone, shipping.Instructions),
            Note = cart.Note,
            CustomFieldValues = cart.CustomFieldValues,
            CustomFields = cart.CustomFieldMetadata.Select(f => new CustomFieldDefinition(f.Key, f.Value.Label, f.Value.Kind, f.Value.Required)).ToList(),
        };
    }

    private static decimal Parse(string value) => decimal.Parse(value, NumberStyles.Number, CultureInfo.InvariantCulture);

    private static decimal? ParseOrNull(string? value) => value is null ? null : Parse(value);
}
