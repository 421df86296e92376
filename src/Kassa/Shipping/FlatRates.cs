using System.Globalization;
using Kassa.Catalog;
using Kassa.Pricing;
using Kassa.Settings;

namespace Kassa.Shipping;

/// <summary>
/// Per-product flat shipping rates (Outshifter's /shipping/flat-rate), in the store currency and the currencies a product
/// gives rates in: what the quote shows and
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

    /// <summary>
    /// One unit's rate to a country in a currency. In the store currency, <see cref="RateFor(Product, string)"/>. In another,
    /// the product's rates in that currency (<see cref="Product.FlatShippingPrices"/>, the same shape); a product with a
    /// store-currency rate to the country but none in the currency is <paramref name="missing"/>, one with neither ships free.
    /// </summary>
    public static decimal? RateFor(Product product, string countryCode, string currency, string storeCurrency, out bool missing)
    {
        missing = false;
        if (string.Equals(currency, storeCurrency, StringComparison.OrdinalIgnoreCase)) return RateFor(product, countryCode);
        var country = countryCode.ToUpperInvariant();
        var inCurrency = product.FlatShippingPrices.FirstOrDefault(p => string.Equals(p.Key, currency, StringComparison.OrdinalIgnoreCase)).Value;
        decimal? rate = inCurrency?.CountryRates is { } rates && rates.TryGetValue(country, out var r) ? r : inCurrency?.FlatRate;
        missing = rate is null && RateFor(product, country) is not null;
        return rate;
    }

    /// <summary>
    /// The flat-rate shipping for some units in a currency, as entered; null when a product with a rate has none in that
    /// currency (<paramref name="missing"/> names those products).
    /// </summary>
    public static decimal? Total(IEnumerable<(Product Product, int Quantity)> items, string countryCode, string currency, string storeCurrency, out List<Product> missing)
    {
        missing = [];
        var total = 0m;
        foreach (var (product, quantity) in items)
        {
            var rate = RateFor(product, countryCode, currency, storeCurrency, out var lacks);
            if (lacks) missing.Add(product);
            total += (rate ?? 0) * quantity;
        }
        return missing.Count == 0 ? total : null;
    }

    /// <summary>Why some products' flat rates cannot be charged in a currency: each product named, no conversion.</summary>
    public static string WhyNotIn(IEnumerable<Product> missing, string currency, string storeCurrency) =>
        $"These products have a flat shipping rate in {storeCurrency} but none in {currency}, and Kassa does not convert currencies: " +
        string.Join(", ", missing.DistinctBy(p => p.Id).Select(p => $"product {p.Id} ('{p.Name}')")) +
        $". Give them rates in {currency} (shipping.prices.{currency}), or ask in {storeCurrency}.";

    /// <summary>Flat-rate shipping is taxed at the store's default rate, unless the destination has a standard rate (<see cref="DestinationTax"/>).</summary>
    public static decimal TaxRate(StoreSettings settings) => settings.DefaultTaxRate;

    /// <summary>
    /// The flat-rate shipping priced as a cart prices it (the same rounding, net or gross entry): what the shopper pays
    /// for it, tax included, and the tax in that.
    /// </summary>
    public static (decimal Total, decimal Tax) Price(decimal amount, StoreSettings settings) =>
        Price(amount, settings, settings.DefaultCurrency, TaxRate(settings));

    /// <param name="taxRate">The rate shipping pays at its destination, resolved by the caller.</param>
    public static (decimal Total, decimal Tax) Price(decimal amount, StoreSettings settings, string currency, decimal taxRate)
    {
        var priced = CartPricer.Price(new PricingInput(
            currency, PriceEntryModes.ToPricing(settings.PriceEntryMode), settings.DefaultTaxRate, [], Shipping: new PricingShipping(amount, taxRate)));
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
