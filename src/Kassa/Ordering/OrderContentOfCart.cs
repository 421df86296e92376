using Kassa.Carts;

namespace Kassa.Ordering;

/// <summary>Freezes a priced cart into what an order keeps (<see cref="OrderContent"/>).</summary>
public static class OrderContentOfCart
{
    public static OrderContent ToOrderContent(this CartQuote quote)
    {
        var (cart, priced) = (quote.Cart, quote.Priced);
        var storeLanguage = quote.Settings.Languages.FirstOrDefault() ?? "en";
        return new OrderContent
        {
            Currency = cart.Currency,
            Lines = quote.Items.Select(i => Line(i, storeLanguage)).ToList(),
            ItemsOriginalAmount = priced.ItemsOriginalAmount,
            ItemsSubtotalAmount = priced.ItemsSubtotalAmount,
            ItemsTaxAmount = priced.ItemsTaxAmount,
            ItemsTotalAmount = priced.ItemsTotalAmount,
            Shipping = quote.Shipping is { } s ? new OrderShipping(s.MethodId, s.Name, s.Description, s.Option, s.Amount, s.TaxRate) : null,
            ShippingTaxRate = priced.ShippingTaxRate,
            ShippingOriginalAmount = priced.ShippingOriginalAmount,
            ShippingSubtotalAmount = priced.ShippingSubtotalAmount,
            ShippingTaxAmount = priced.ShippingTaxAmount,
            ShippingTotalAmount = priced.ShippingTotalAmount,
            TotalAmount = priced.TotalAmount,
            TaxAmounts = priced.TaxAmounts.Select(t => new OrderTaxLine(t.TaxRate, t.SubtotalAmount, t.TaxAmount)).ToList(),
            Discount = quote.AppliedDiscount is { } d
                ? new OrderDiscount(d.Id, d.Name, d.Description, d.Code, d.Status, d.AppliesTo, d.DiscountType, d.Amount, d.Currency,
                    d.RedemptionCount, d.RedemptionLimit, d.ValidFrom, d.ValidTo, d.CreatedAt, d.UpdatedAt)
                : null,
            CartRulesApplied = priced.AppliedRuleIds.Count > 0,
            CartRules = quote.AppliedRules.Select(OrderCartRule.Of).ToList(),
            Customer = cart.Customer,
            BillingAddress = cart.BillingAddress,
            ShippingAddress = cart.ShippingAddress,
            Note = cart.Note,
            CustomFieldValues = new Dictionary<string, object?>(cart.CustomFieldValues, StringComparer.Ordinal),
            CustomFields = cart.Store.CustomFields.ToList(),
        };
    }

    private static OrderLine Line(QuotedItem quoted, string storeLanguage)
    {
        var (item, line, product) = (quoted.Item, quoted.Line, quoted.Item.Product);
        // A product without translations is named in the store's first language, as the Voog cart shows it.
        var translations = product.NameTranslations.Count > 0
            ? new Dictionary<string, string>(product.NameTranslations, StringComparer.Ordinal)
            : new Dictionary<string, string> { [storeLanguage] = product.Name };
        return new OrderLine(
            item.Id, item.Uuid, item.ProductId, product.ParentId, product.IsVariant, product.Sku, product.Name, translations,
            Catalog.ProductMapping.VariantAttributesText(product),
            product.VariantAttributes.ToList(),
            product.ImageUrl, item.Note, item.Quantity, quoted.UnitPrice, quoted.CatalogPrice, quoted.Available,
            line.TaxRate, line.OriginalAmount, line.DiscountAmount, line.SubtotalAmount, line.TaxAmount, line.TotalAmount, line.HasDiscount,
            item.CreatedAt, item.UpdatedAt);
    }
}
