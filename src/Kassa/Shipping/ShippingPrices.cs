using Kassa.Pricing;

namespace Kassa.Shipping;

/// <summary>
/// A shipping method's amount in a cart's currency: the amount in the store currency, or the one given for the currency in
/// <c>prices</c> (the method's, or its option's), resolved as products' prices are (<see cref="CatalogPrice"/>). Never converted.
/// </summary>
public static class ShippingPrices
{
    /// <returns>The amount as entered; null when the method (or the option) has none in <paramref name="currency"/>.</returns>
    public static decimal? AmountIn(this ShippingMethod method, string? optionName, string storeCurrency, string currency)
    {
        if (optionName is null) return CatalogPrice.Resolve(storeCurrency, method.Amount, method.Prices, currency);
        var option = method.Options.FirstOrDefault(o => o.Name == optionName);
        return option is null ? null : CatalogPrice.Resolve(storeCurrency, option.Amount, option.Prices, currency);
    }

    /// <summary>Why the method (or its option) cannot be charged in a currency, naming both.</summary>
    public static string WhyNotIn(ShippingMethod method, string? optionName, string storeCurrency, string currency)
    {
        var offered = optionName is null
            ? method.Prices.Keys
            : method.Options.FirstOrDefault(o => o.Name == optionName)?.Prices?.Keys ?? (IEnumerable<string>)[];
        var currencies = string.Join(", ", new[] { storeCurrency }.Concat(offered.Order(StringComparer.Ordinal)));
        var what = optionName is null ? $"Shipping method {method.Id} ('{method.Name}')" : $"Option '{optionName}' of shipping method {method.Id} ('{method.Name}')";
        return $"{what} has no price in {currency}; it is priced in {currencies} only, and Kassa does not convert currencies.";
    }
}
