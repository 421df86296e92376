namespace Kassa.Pricing;

/// <summary>The priced amounts of one line or of shipping; Original, Discount and Subtotal are net.</summary>
internal readonly record struct PartAmounts(decimal Original, decimal Discount, decimal Subtotal, decimal Tax, decimal Total)
{
    public static PartAmounts Zero => default;

    /// <param name="entryAmount">Rounded amount before the discount, net or gross per <paramref name="mode"/>.</param>
    /// <param name="entryDiscount">Rounded discount in the same terms, at most <paramref name="entryAmount"/>.</param>
    public static PartAmounts Of(decimal entryAmount, decimal entryDiscount, decimal taxRate, PriceEntryMode mode, string currency)
    {
        var discounted = entryAmount - entryDiscount;
        if (mode == PriceEntryMode.Net)
        {
            var tax = Money.Round(discounted * taxRate / 100, currency);
            return new PartAmounts(entryAmount, entryDiscount, discounted, tax, discounted + tax);
        }

        // Gross entry: the shopper pays exactly the discounted gross they were shown, so the net
        // is rounded and the tax is whatever is left, never the other way round.
        var net = NetOfGross(discounted, taxRate, currency);
        var original = NetOfGross(entryAmount, taxRate, currency);
        return new PartAmounts(original, original - net, net, discounted - net, discounted);
    }

    public static PartAmounts Sum(IEnumerable<PartAmounts> parts) =>
        parts.Aggregate(Zero, (sum, p) => new PartAmounts(
            sum.Original + p.Original,
            sum.Discount + p.Discount,
            sum.Subtotal + p.Subtotal,
            sum.Tax + p.Tax,
            sum.Total + p.Total));

    // gross × 100 / (100 + rate) rather than gross / (1 + rate/100): one division, exact whenever
    // the true quotient terminates, so halves round the way Money.Round says.
    private static decimal NetOfGross(decimal gross, decimal taxRate, string currency) =>
        Money.Round(gross * 100 / (100 + taxRate), currency);
}
