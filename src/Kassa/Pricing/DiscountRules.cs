using System.Globalization;

namespace Kassa.Pricing;

/// <summary>Whether a discount may be applied to a cart right now.</summary>
public static class DiscountRules
{
    /// <returns>Null when the discount applies, else a short reason a shopper can read.</returns>
    public static string? WhyNotApplicable(DiscountFacts d, string cartCurrency, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(d);

        // Anything but "open" is treated as closed, so an unexpected status never grants a discount.
        if (!string.Equals(d.Status?.Trim(), "open", StringComparison.OrdinalIgnoreCase))
            return "the discount is closed";

        var now = AsUtc(nowUtc);
        if (d.ValidFrom is { } from && now < AsUtc(from))
            return $"the discount is not valid until {Show(AsUtc(from))}";
        if (d.ValidTo is { } to && now > AsUtc(to))
            return $"the discount expired on {Show(AsUtc(to))}";
        if (d.RedemptionLimit is { } limit && d.RedemptionCount >= limit)
            return "the discount has reached its redemption limit";

        // A fixed amount means nothing in another currency (no exchange rates); a percentage does.
        if (d.Type == DiscountType.FixedAmount)
        {
            var discountCurrency = Currencies.Normalize(d.Currency);
            if (discountCurrency is null)
                return "the discount has no valid currency for its fixed amount";
            var cart = Currencies.Normalize(cartCurrency) ?? cartCurrency;
            if (AmountIn(d, 0m, cart) is null)
                return d.Prices is { Count: > 0 } prices
                    ? $"the discount has amounts in {string.Join(", ", new[] { discountCurrency }.Concat(prices.Keys.Order(StringComparer.Ordinal)))} only, the cart is in {cart}"
                    : $"the discount is in {discountCurrency}, the cart is in {cart}";
        }

        return null;
    }

    /// <summary>
    /// A fixed discount's amount in a currency: its own currency's amount, else its explicit amount for that currency (the
    /// resolution products use, <see cref="CatalogPrice"/>); null when it has none. A percentage is the same in every currency.
    /// </summary>
    public static decimal? AmountIn(DiscountFacts d, decimal amount, string cartCurrency) =>
        d.Type == DiscountType.Percentage ? amount : CatalogPrice.Resolve(d.Currency ?? "", amount, d.Prices, cartCurrency);

    // Stores without time zones hand back Unspecified kinds; they hold UTC by convention.
    private static DateTime AsUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Local => value.ToUniversalTime(),
        DateTimeKind.Unspecified => DateTime.SpecifyKind(value, DateTimeKind.Utc),
        _ => value,
    };

    private static string Show(DateTime utc) =>
        utc.TimeOfDay == TimeSpan.Zero
            ? utc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : utc.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
