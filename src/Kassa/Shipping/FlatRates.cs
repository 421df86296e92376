using Kassa.Catalog;

namespace Kassa.Shipping;

/// <summary>Per-product flat shipping rates (Outshifter's /shipping/flat-rate), in the store currency.</summary>
public static class FlatRates
{
    /// <summary>One unit's rate to a country: the country's own rate, else the product's flat rate, else none.</summary>
    public static decimal? RateFor(Product product, string countryCode) =>
        product.FlatShippingRates.TryGetValue(countryCode.ToUpperInvariant(), out var rate) ? rate : product.FlatShippingRate;

    /// <summary>The flat-rate shipping for some units of some products; products without a rate ship free.</summary>
    public static decimal Total(IEnumerable<(Product Product, int Quantity)> items, string countryCode) =>
        items.Sum(i => (RateFor(i.Product, countryCode) ?? 0) * i.Quantity);

    /// <summary>Outshifter's service code: "&lt;product id&gt;-FRP" for each product with a rate.</summary>
    public static string ServiceCode(IEnumerable<Product> products, string countryCode) =>
        string.Join(",", products.Where(p => RateFor(p, countryCode) is not null).Select(p => $"{p.Id}-FRP").Distinct());

    public static string ServiceName(string countryCode) => $"Flat rate price to {countryCode.ToUpperInvariant()}";
}
