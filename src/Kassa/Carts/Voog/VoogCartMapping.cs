using System.Globalization;
using Kassa.Catalog;
using Kassa.Discounts;
using Kassa.Http;
using Kassa.Pricing;
using Kassa;

namespace Kassa.Carts.Voog;

public static class VoogCartMapping
{
    public static VoogCartResponse ToVoog(this CartQuote quote, VoogCartView view)
    {
        var cart = quote.Cart;
        var priced = quote.Priced;
        var url = $"{view.BaseUrl}{PublicUrls.VoogBase}/carts/{cart.Uuid}";
        return new VoogCartResponse
        {
            Uuid = cart.Uuid,
            Status = cart.Status,
            Currency = cart.Currency,
            ItemsSubtotalAmount = Money.ToVoog(priced.ItemsSubtotalAmount),
            ItemsOriginalAmount = Money.ToVoog(priced.ItemsOriginalAmount),
            ItemsTaxAmount = Money.ToVoog(priced.ItemsTaxAmount),
            ItemsTotalAmount = Money.ToVoog(priced.ItemsTotalAmount),
            ShippingSubtotalAmount = Money.ToVoog(priced.ShippingSubtotalAmount),
            ShippingOriginalAmount = Money.ToVoog(priced.ShippingOriginalAmount),
            ShippingTaxAmount = Money.ToVoog(priced.ShippingTaxAmount),
            ShippingTotalAmount = Money.ToVoog(priced.ShippingTotalAmount),
            ShippingTaxRate = Money.ToVoog(priced.ShippingTaxRate),
            TotalAmount = Money.ToVoog(priced.TotalAmount),
            ShippingMethodId = cart.ShippingMethodId,
            ShippingMethodOption = cart.ShippingMethodOption,
            ItemAmounts = priced.Lines.Select(l => new VoogItemAmounts(
                Money.ToVoog(l.SubtotalAmount), Money.ToVoog(l.OriginalAmount), Money.ToVoog(l.TaxRate),
                Money.ToVoog(l.TaxAmount), Money.ToVoog(l.TotalAmount))).ToList(),
            TaxAmounts = priced.TaxAmounts.Select(t => new VoogTaxAmounts(
                Money.ToVoog(t.SubtotalAmount), Money.ToVoog(t.TaxRate), Money.ToVoog(t.TaxAmount))).ToList(),
            GatewayCode = cart.GatewayCode,
            PaymentMethod = cart.PaymentMethod,
            ReturnUrl = cart.ReturnUrl,
            TermsAgreement = cart.TermsAgreement,
            Note = cart.Note,
            DiscountCode = cart.Discount?.Code,
            CartRulesApplied = priced.AppliedRuleIds.Count > 0,
            CustomFieldValues = cart.CustomFieldValues,
            CustomFieldMetadata = cart.Store.CustomFields.ToDictionary(f => f.Key, f => new VoogCustomFieldMetadata(f.Label, f.Kind, f.Required)),
            CreatedAt = cart.CreatedAt,
            UpdatedAt = cart.UpdatedAt,
            Discount = quote.AppliedDiscount?.ToResponse(),
            ShippingMethod = quote.Shipping is { } s
                ? new VoogCartShippingMethod(s.MethodId, s.Name, s.Description, Money.ToVoog(s.Amount), Money.ToVoog(s.TaxRate), s.MethodId is null ? "flat_rate" : null, s.Option)
                : null,
            Customer = cart.Customer is { } c ? new VoogCustomerWire(c.Name, c.Email, c.Phone, c.Language) : null,
            BillingAddress = view.BillingAddress ? new(cart.BillingAddress?.ToWire()) : default,
            ShippingAddress = view.ShippingAddress ? new(cart.ShippingAddress?.ToShippingWire()) : default,
            Items = view.Items ? quote.Items.Select(i => i.ToVoog(cart.Currency, quote.Settings.Languages.FirstOrDefault() ?? "en", view)).ToList() : null,
            Metainfo = new VoogCartMetainfo(quote.CheckoutAllowed, !cart.IsClosed),
            Urls = new VoogCartUrls(url, url + "/checkout"),
            PaymentMethods = view.PaymentMethods?.Select(m => new VoogPaymentMethod(m.Code, m.GatewayCode)).ToList(),
        };
    }

    private static VoogCartItemResponse ToVoog(this QuotedItem quoted, string currency, string storeLanguage, VoogCartView view)
    {
        var (item, line, product) = (quoted.Item, quoted.Line, quoted.Item.Product);
        var name = product.NameIn(view.Language);
        return new VoogCartItemResponse
        {
            Id = item.Id,
            ProductId = item.ProductId,
            Note = item.Note,
            Quantity = item.Quantity,
            Price = Money.ToVoog(quoted.UnitPrice),
            SubtotalAmount = Money.ToVoog(line.SubtotalAmount),
            TaxAmount = Money.ToVoog(line.TaxAmount),
            TaxRate = Money.ToVoog(line.TaxRate),
            Amount = Money.ToVoog(line.TotalAmount),
            CreatedAt = item.CreatedAt,
            UpdatedAt = item.UpdatedAt,
            HasItemDiscount = line.HasDiscount,
            ProductPrice = Money.ToVoog(quoted.CatalogPrice),
            Product = ItemProduct(product.Id, quoted.CatalogPrice, product.IsVariant, quoted.Available, product.Sku, name, product.ParentId,
                product.VariantAttributesText(), product.VariantAttributes, product.ImageUrl),
            ProductName = name,
            Translations = view.Translations ? new VoogTranslations(product.NamesByLanguage(storeLanguage)) : null,
        };
    }

    /// <summary>An item's product block, for a cart's line priced now and for an order's line as sold alike.</summary>
    public static VoogCartItemProduct ItemProduct(
        long id, decimal? catalogPrice, bool isVariant, bool available, string? sku, string name, long? parentId,
        string? variantAttributesText, IEnumerable<VariantAttribute> variantAttributes, string? imageUrl) => new()
    {
        Id = id,
        Price = Money.ToVoog(catalogPrice),
        IsVariant = isVariant,
        Available = available,
        Sku = sku,
        Name = name,
        ParentId = parentId,
        VariantAttributesText = variantAttributesText,
        VariantAttributes = variantAttributes.Select(a => new VariantAttributeWire(
            new VariantAttributePartWire(a.VariantType.Id, a.VariantType.Name),
            new VariantAttributePartWire(a.VariantValue.Id, a.VariantValue.Name))).ToList(),
        Image = imageUrl is { } image ? new VoogImage(image) : null,
    };

    public static VoogCustomerWire ToWire(this CartCustomer c) => new(c.Name, c.Email, c.Phone, c.Language);

    public static CartCustomer ToCustomer(this VoogCustomerWire c) => new(c.Name, c.Email, c.Phone, c.Language);

    public static VoogAddressWire ToWire(this CartAddress a) =>
        new(a.Name, a.CompanyName, a.VatCode, a.Address1, a.Address2, a.City, a.ZipCode, a.State, a.CountryCode, a.Phone, a.Instructions);

    public static VoogShippingAddressResponse ToShippingWire(this CartAddress a) =>
        new(a.Name, a.CompanyName, a.VatCode, a.Address1, a.Address2, a.City, a.ZipCode, a.State, a.CountryCode, a.Phone, a.Instructions, null, null, null);

    public static CartAddress ToAddress(this VoogAddressWire a) =>
        new(a.Name, a.CompanyName, a.VatCode, a.Address1, a.Address2, a.City, a.ZipCode, a.State, a.CountryCode, a.Phone, a.Instructions);
}
