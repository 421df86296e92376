namespace Kassa.Pricing;

/// <summary>
/// One unit's price as a shopper sees it before anything is in a cart (the public catalog, a shipping method):
/// net, tax and gross. It is worked out the way <see cref="CartPricer"/> works out a line of quantity 1, or a
/// shipping amount, with no discount: the same rounding of the entered amount and the same net/gross split
/// (<see cref="PartAmounts"/>), so the catalog and a cart line never differ by a cent.
/// </summary>
public readonly record struct ShelfPrice(decimal Net, decimal Tax, decimal Gross)
{
    /// <param name="entryAmount">As entered: net in net mode, gross in gross mode.</param>
    /// <param name="taxRate">Percent (20 = 20 %).</param>
    /// <param name="currency">A known ISO 4217 code (upper case).</param>
    public static ShelfPrice Of(decimal entryAmount, decimal taxRate, PriceEntryMode mode, string currency)
    {
        var amounts = PartAmounts.Of(Money.Round(entryAmount, currency), 0m, taxRate, mode, currency);
        return new ShelfPrice(amounts.Subtotal, amounts.Tax, amounts.Total);
    }
}
