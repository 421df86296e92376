using System.Globalization;
using Kassa.Catalog;
using Kassa.Pricing;
using Kassa.Settings;

namespace Kassa.Shipping;

/// <summary>
/// Per-product flat shipping rates (Outshifter's /shipping/flat-rate), in the store currency: what the quote shows and
/// what a cart that chose the rate pays are both made here, so they cannot drift apart.
/// </summary>
public static class FlatRates
{
    private const string CodeSuffix = "-FRP";

    /// <summary>One unit's rate to a country: the country's own rate, else the product's flat rate, else none.</summary>
    public static decimal? RateFor(Product product, string countryCode) =>
        product.FlatShippingRates.TryGetValue(countryCode.ToUpperInvariant(), out var rate) ? rate : product.FlatShippingRate;

    /// <summary>The flat-rate shipping for some units of some products, as entered; products without a rate ship free.</summary>
    public static decimal Total(IEnumerable<(Product Product, int Quantity)> items, string countryCode) =>
        items.Sum(i => (RateFor(i.Product, countryCode) ?? 0) * i.Quantity);

    /// <summary>Flat-rate shipping is taxed at the store's default rate.</summary>
    public static decimal TaxRate(StoreSettings settings) => settings.DefaultTaxRate;

    /// <summary>
    /// The flat-rate shipping priced as a cart prices it (the same rounding, net or gross entry): what the shopper pays
    /// for it, tax included, and the tax in that.
    /// </summary>
    public static (decimal Total, decimal Tax) Price(decimal amount, StoreSettings settings)
    {
        var priced = CartPricer.Price(new PricingInput(
            settings.DefaultCurrency, PriceEntryModes.ToPricing(settings.PriceEntryMode), settings.DefaultTaxRate, [], Shipping: new PricingShipping(amount, TaxRate(settings))));
        return (priced.ShippingTotalAmount, priced.ShippingTaxAmount);
    }

    /// <summary>
    /// Outshifter's service code: "&lt;product id&gt;-FRP" for each product with a rate, ids ascending. A variant is named
    /// by its product, as the checkout's line items name it (<c>productId</c>, with the variant in <c>variantId</c>), so a
    /// code quoted for a product comes back from the checkout as it was sent, whichever of its variants is in the cart.
    /// </summary>
    public static string ServiceCode(IEnumerable<Product> products, string countryCode) =>
        string.Join(",", CodeIds(products, countryCode).Select(id => id.ToString(CultureInfo.InvariantCulture) + CodeSuffix));

    /// <summary>Whether a service code names exactly the products with a rate to the country, in any order.</summary>
    public static bool IsServiceCodeFor(string serviceCode, IEnumerable<Product> products, string countryCode)
    {
        var named = new SortedSet<long>();
        foreach (var part in serviceCode.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!part.EndsWith(CodeSuffix, StringComparison.OrdinalIgnoreCase) ||
                !long.TryParse(part[..^CodeSuffix.Length], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                return false;
            named.Add(id);
        }
        return named.SetEquals(CodeIds(products, countryCode));
    }

    public static string ServiceName(string countryCode) => $"Flat rate price to {countryCode.ToUpperInvariant()}";

    private static SortedSet<long> CodeIds(IEnumerable<Product> products, string countryCode) =>
        new(products.Where(p => RateFor(p, countryCode) is not null).Select(p => p.ParentId ?? p.Id));
}
