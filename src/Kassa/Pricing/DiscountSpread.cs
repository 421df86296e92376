using System.Numerics;

namespace Kassa.Pricing;

/// <summary>Splits a fixed discount over parts so the rounded shares add up to exactly the discount.</summary>
internal static class DiscountSpread
{
    /// <summary>
    /// Shares proportional to <paramref name="bases"/>, capped at their sum so no part goes below
    /// zero. Largest-remainder method: every share is first rounded down to the minor unit, then the
    /// minor units still missing go one each to the parts with the largest cut-off fractions (ties:
    /// the larger part, then the earlier one).
    /// </summary>
    public static decimal[] Spread(decimal discount, IReadOnlyList<decimal> bases, string currency)
    {
        var shares = new decimal[bases.Count];
        var total = bases.Sum();
        var capped = Math.Min(Money.Round(discount, currency), total);
        if (capped <= 0) return shares;

        // Integer minor units in BigInteger: discount × base can exceed decimal's range.
        var unit = Pow10(Currencies.MinorUnits(currency));
        var discountUnits = ToUnits(capped, unit);
        var totalUnits = ToUnits(total, unit);

        var floors = new BigInteger[bases.Count];
        var remainders = new BigInteger[bases.Count];
        var missing = discountUnits;
        for (var i = 0; i < bases.Count; i++)
        {
            floors[i] = BigInteger.DivRem(discountUnits * ToUnits(bases[i], unit), totalUnits, out remainders[i]);
            missing -= floors[i];
        }

        var order = Enumerable.Range(0, bases.Count)
            .OrderByDescending(i => remainders[i])
            .ThenByDescending(i => bases[i])
            .ThenBy(i => i);
        foreach (var i in order.Take((int)missing))
            floors[i] += 1;

        for (var i = 0; i < bases.Count; i++)
            shares[i] = (decimal)floors[i] / unit;
        return shares;
    }

    private static BigInteger ToUnits(decimal amount, decimal unit) => new(amount * unit);

    private static decimal Pow10(int exponent)
    {
        var result = 1m;
        for (var i = 0; i < exponent; i++) result *= 10;
        return result;
    }
}
