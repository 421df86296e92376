using System.Globalization;
using Kassa.Carts.Voog;
using Kassa.Http;
using Kassa.Pricing;

namespace Kassa.Payments;

/// <summary>
/// Klarna's order data from a priced cart in Voog form — a cart's live quote or an order's frozen
/// snapshot, so a session and the order placed after it describe the same purchase. Each line's
/// total and tax are Kassa's own amounts; the order amount is their exact sum.
/// </summary>
public static class KlarnaOrders
{
    /// <exception cref="ValidationFailedException">No purchase country can be found, or the cart is empty.</exception>
    public static KlarnaOrderData From(
        VoogCartResponse cart, KlarnaOptions settings, string? customerEmail = null, string? purchaseCountry = null, string? locale = null)
    {
        var currency = cart.Currency;
        var lines = new List<KlarnaOrderLine>();
        var items = cart.Items ?? [];
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var rate = Parse(item.TaxRate);
            var original = i < cart.ItemAmounts.Count ? Parse(cart.ItemAmounts[i].OriginalAmount) : Parse(item.SubtotalAmount);
            lines.Add(Line("physical", item.Product.Sku ?? item.ProductId.ToString(CultureInfo.InvariantCulture), item.ProductName,
                item.Quantity, rate, Parse(item.Amount), Parse(item.TaxAmount), original - Parse(item.SubtotalAmount), currency));
        }
        var shippingTotal = Parse(cart.ShippingTotalAmount);
        var shippingOriginal = Parse(cart.ShippingOriginalAmount);
        if (cart.ShippingMethod is { } shipping && (shippingTotal != 0 || shippingOriginal != 0))
        {
            lines.Add(Line("shipping_fee", shipping.Id?.ToString(CultureInfo.InvariantCulture) ?? "shipping", shipping.Name, 1,
                cart.ShippingTaxRate is { } r ? Parse(r) : 0, shippingTotal, Parse(cart.ShippingTaxAmount),
                shippingOriginal - Parse(cart.ShippingSubtotalAmount), currency));
        }

        var errors = new FieldErrors();
        if (items.Count == 0) errors.Add("items", "The cart is empty; Klarna needs at least one item.");
        var shippingAddress = cart.ShippingAddress.IsSet ? cart.ShippingAddress.Value : null;
        var billingAddress = cart.BillingAddress.IsSet ? cart.BillingAddress.Value : null;
        var country = (purchaseCountry ?? shippingAddress?.CountryCode ?? billingAddress?.CountryCode ?? settings.PurchaseCountry)?.Trim().ToUpperInvariant();
        if (country is not { Length: 2 })
            errors.Add("purchase_country",
                "Klarna needs the purchase country: give the cart a shipping address with a country_code, send purchase_country, or set Kassa__Payments__Klarna__PurchaseCountry.");
        errors.ThrowIfAny();

        var email = customerEmail ?? cart.Customer?.Email;
        var language = cart.Customer?.Language is { Length: 2 } l ? l.ToLowerInvariant() : "en";
        return new KlarnaOrderData
        {
            PurchaseCountry = country!,
            PurchaseCurrency = currency,
            Locale = locale ?? settings.Locale ?? $"{language}-{country}",
            // Every total is the exact sum of its parts, so the lines add up to the cart's total.
            OrderAmount = lines.Sum(x => x.TotalAmount),
            OrderTaxAmount = lines.Sum(x => x.TotalTaxAmount),
            OrderLines = lines,
            BillingAddress = Address(billingAddress?.Name, billingAddress?.CompanyName, billingAddress?.Address1, billingAddress?.Address2,
                billingAddress?.ZipCode, billingAddress?.City, billingAddress?.State, billingAddress?.Phone, billingAddress?.CountryCode, email),
            ShippingAddress = Address(shippingAddress?.Name, shippingAddress?.CompanyName, shippingAddress?.Address1, shippingAddress?.Address2,
                shippingAddress?.ZipCode, shippingAddress?.City, shippingAddress?.State, shippingAddress?.Phone, shippingAddress?.CountryCode, email),
        };
    }

    /// <summary>Minor units of a Kassa amount (ISO 4217: EUR cents, JPY yen, BHD fils).</summary>
    public static long Minor(decimal amount, string currency)
    {
        var scaled = Money.Round(amount, currency);
        for (var i = 0; i < Currencies.MinorUnits(currency); i++) scaled *= 10;
        return (long)scaled;
    }

    /// <param name="netDiscount">What the discount took off the line, net.</param>
    private static KlarnaOrderLine Line(string type, string? reference, string name, int quantity, decimal taxRate, decimal total, decimal tax,
        decimal netDiscount, string currency)
    {
        var totalMinor = Minor(total, currency);
        // Klarna wants total = quantity × unit price − discount, all tax included. Kassa rounds per
        // line, so the unit price is the line's pre-discount gross spread over the units, rounded
        // up, and the discount takes up the difference (the real discount plus at most
        // quantity − 1 minor units of rounding).
        var grossDiscount = netDiscount > 0 ? Minor(netDiscount * (100 + taxRate) / 100, currency) : 0;
        var unitPrice = quantity > 0 ? (totalMinor + grossDiscount + quantity - 1) / quantity : totalMinor;
        return new KlarnaOrderLine(
            type,
            reference is { Length: > 64 } ? reference[..64] : reference,
            name.Length > 255 ? name[..255] : name,
            quantity,
            unitPrice,
            (long)Math.Round(taxRate * 100, 0, MidpointRounding.AwayFromZero),
            totalMinor,
            unitPrice * quantity - totalMinor,
            Minor(tax, currency));
    }

    private static KlarnaAddress? Address(string? name, string? company, string? address1, string? address2, string? zip, string? city,
        string? region, string? phone, string? country, string? email)
    {
        if (address1 is null && city is null && name is null) return null;
        var (given, family) = SplitName(name);
        return new KlarnaAddress(given, family, email, company, address1, address2, zip, city, region, phone, country);
    }

    private static (string? Given, string? Family) SplitName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return (null, null);
        var parts = name.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts.Length == 2 ? (parts[0], parts[1]) : (parts[0], null);
    }

    private static decimal Parse(string value) => decimal.Parse(value, NumberStyles.Number, CultureInfo.InvariantCulture);
}
