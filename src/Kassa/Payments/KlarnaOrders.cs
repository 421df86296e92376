using System.Globalization;
using Kassa.Ordering;
using Kassa.Http;
using Kassa.Pricing;
using Kassa.Validation;

namespace Kassa.Payments;

/// <summary>
/// Klarna's order data from an order's content — an order's frozen snapshot, or a cart's live quote
/// frozen the same way, so a session and the order placed after it describe the same purchase. Each line's
/// total and tax are Kassa's own amounts; the order amount is their exact sum.
/// </summary>
public static class KlarnaOrders
{
    /// <exception cref="ValidationFailedException">No purchase country can be found, or the cart is empty.</exception>
    public static KlarnaOrderData From(
        OrderContent content, KlarnaOptions settings, string? customerEmail = null, string? purchaseCountry = null, string? locale = null)
    {
        var currency = content.Currency;
        var lines = new List<KlarnaOrderLine>();
        foreach (var line in content.Lines)
        {
            lines.Add(Line("physical", line.Sku ?? line.ProductId.ToString(CultureInfo.InvariantCulture), line.Name,
                line.Quantity, line.TaxRate, line.TotalAmount, line.TaxAmount, line.DiscountAmount, currency));
        }
        if (content.Shipping is { } shipping && (content.ShippingTotalAmount != 0 || content.ShippingOriginalAmount != 0))
        {
            lines.Add(Line("shipping_fee", shipping.MethodId?.ToString(CultureInfo.InvariantCulture) ?? "shipping", shipping.Name, 1,
                content.ShippingTaxRate ?? 0, content.ShippingTotalAmount, content.ShippingTaxAmount,
                content.ShippingOriginalAmount - content.ShippingSubtotalAmount, currency));
        }

        var errors = new FieldErrors();
        if (content.Lines.Count == 0) errors.Add("items", "The cart is empty; Klarna needs at least one item.");
        var (shippingAddress, billingAddress) = (content.ShippingAddress, content.BillingAddress);
        var country = (purchaseCountry ?? shippingAddress?.CountryCode ?? billingAddress?.CountryCode ?? settings.PurchaseCountry)?.Trim().ToUpperInvariant();
        if (country is not { Length: 2 })
            errors.Add("purchase_country",
                "Klarna needs the purchase country: give the cart a shipping address with a country_code, send purchase_country, or set Kassa__Payments__Klarna__PurchaseCountry.");
        errors.ThrowIfAny();

        var email = customerEmail ?? content.Customer?.Email;
        var language = content.Customer?.Language is { Length: 2 } l ? l.ToLowerInvariant() : "en";
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

    /// <param name="netDiscount">What the discount took off the line, net.</param>
    private static KlarnaOrderLine Line(string type, string? reference, string name, int quantity, decimal taxRate, decimal total, decimal tax,
        decimal netDiscount, string currency)
    {
        var totalMinor = Money.ToMinorCount(total, currency);
        // Klarna wants total = quantity × unit price − discount, all tax included. Kassa rounds per
        // line, so the unit price is the line's pre-discount gross spread over the units, rounded
        // up, and the discount takes up the difference (the real discount plus at most
        // quantity − 1 minor units of rounding).
        var grossDiscount = netDiscount > 0 ? Money.ToMinorCount(Money.GrossOf(netDiscount, taxRate, currency), currency) : 0;
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
            Money.ToMinorCount(tax, currency));
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

}
