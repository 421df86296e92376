namespace Kassa.Pricing;

/// <summary>Which catalog price applies in a cart's currency. There are no exchange rates.</summary>
public static class CatalogPrice
{
    /// <param name="prices">Explicit prices by currency code, if the product has any.</param>
    /// <returns>
    /// The explicit price for the cart currency; else the base price when the cart is in the store
    /// currency; else null: the product is not sold in that currency.
    /// </returns>
    public static decimal? Resolve(
        string storeCurrency,
        decimal basePrice,
        IReadOnlyDictionary<string, decimal>? prices,
        string cartCurrency)
    {
        if (prices is not null)
        {
            if (prices.TryGetValue(cartCurrency, out var exact)) return exact;

            // Stored keys may not share the caller's casing ("eur" vs "EUR").
            foreach (var (code, price) in prices)
            {
                if (string.Equals(code.Trim(), cartCurrency.Trim(), StringComparison.OrdinalIgnoreCase))
                    return price;
            }
        }

        return string.Equals(storeCurrency.Trim(), cartCurrency.Trim(), StringComparison.OrdinalIgnoreCase)
            ? basePrice
            : null;
    }
}
