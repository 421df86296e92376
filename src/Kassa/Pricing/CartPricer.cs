namespace Kassa.Pricing;

/// <summary>
/// Prices a cart: per-line rounding, the discount, shipping, tax and every total. Pure and
/// deterministic; the same input always gives the same cart.
/// </summary>
public static class CartPricer
{
    /// <exception cref="ArgumentException">
    /// Unknown currency, a negative or oversized amount or rate, a quantity below 1 or a percentage
    /// above 100. Callers validate earlier; this is the last guard.
    /// </exception>
    public static PricedCart Price(PricingInput input)
    {
        var currency = PricingInputValidator.Validate(input);

        // Item lines first, shipping (when present) as one more part with quantity 1, so the
        // discount spread and tax grouping treat it like any line.
        var parts = new List<Part>(input.Lines.Count + 1);
        foreach (var line in input.Lines)
        {
            var rate = line.TaxRate ?? input.DefaultTaxRate;
            parts.Add(new Part(Money.Round(line.UnitPrice * line.Quantity, currency), rate, Discountable: true));
        }

        var discount = input.Discount;
        if (input.Shipping is { } shipping)
        {
            parts.Add(new Part(
                Money.Round(shipping.Amount, currency),
                shipping.TaxRate,
                Discountable: discount?.AppliesTo == DiscountScope.Order));
        }

        var entryDiscounts = EntryDiscounts(parts, discount, currency);
        // After the code, before tax: thresholds see the amounts after the code (CartRuleStage).
        var rules = CartRuleStage.Apply(input, parts.Select(p => p.EntryAmount).ToArray(), parts.Select(p => p.TaxRate).ToArray(),
            input.Lines.Count, entryDiscounts, currency);
        var priced = parts
            .Select((part, i) => PartAmounts.Of(part.EntryAmount, entryDiscounts[i], part.TaxRate, input.Mode, currency))
            .ToArray();

        var lines = input.Lines
            .Select((line, i) => new PricedLine(
                line.Key,
                line.Quantity,
                line.UnitPrice,
                parts[i].TaxRate,
                priced[i].Original,
                priced[i].Discount,
                priced[i].Subtotal,
                priced[i].Tax,
                priced[i].Total,
                HasDiscount: entryDiscounts[i] > 0))
            .ToArray();

        var items = PartAmounts.Sum(priced.Take(lines.Length));
        var shippingAmounts = input.Shipping is null ? PartAmounts.Zero : priced[^1];

        var taxAmounts = parts
            .Select((part, i) => (part.TaxRate, Amounts: priced[i]))
            .GroupBy(p => p.TaxRate)
            .OrderBy(g => g.Key)
            .Select(g => new TaxAmountByRate(g.Key, g.Sum(p => p.Amounts.Subtotal), g.Sum(p => p.Amounts.Tax)))
            .ToArray();

        return new PricedCart
        {
            Currency = currency,
            Lines = lines,
            ItemsOriginalAmount = items.Original,
            ItemsDiscountAmount = items.Discount,
            ItemsSubtotalAmount = items.Subtotal,
            ItemsTaxAmount = items.Tax,
            ItemsTotalAmount = items.Total,
            ShippingTaxRate = input.Shipping?.TaxRate,
            ShippingOriginalAmount = shippingAmounts.Original,
            ShippingDiscountAmount = shippingAmounts.Discount,
            ShippingSubtotalAmount = shippingAmounts.Subtotal,
            ShippingTaxAmount = shippingAmounts.Tax,
            ShippingTotalAmount = shippingAmounts.Total,
            TotalAmount = items.Total + shippingAmounts.Total,
            TaxAmounts = taxAmounts,
            AppliedRuleIds = rules.Applied,
            RuleShortfalls = rules.Shortfalls,
        };
    }

    /// <summary>The discount per part, in the entry mode (net in net mode, gross in gross mode).</summary>
    private static decimal[] EntryDiscounts(List<Part> parts, PricingDiscount? discount, string currency)
    {
        var result = new decimal[parts.Count];
        if (discount is null) return result;

        var discountable = Enumerable.Range(0, parts.Count).Where(i => parts[i].Discountable).ToArray();
        if (discount.Type == DiscountType.Percentage)
        {
            foreach (var i in discountable)
                result[i] = Money.Round(parts[i].EntryAmount * discount.Amount / 100, currency);
            return result;
        }

        var shares = DiscountSpread.Spread(
            discount.Amount, discountable.Select(i => parts[i].EntryAmount).ToArray(), currency);
        for (var k = 0; k < discountable.Length; k++)
            result[discountable[k]] = shares[k];
        return result;
    }

    /// <param name="EntryAmount">Rounded amount as entered: net in net mode, gross in gross mode.</param>
    private sealed record Part(decimal EntryAmount, decimal TaxRate, bool Discountable);
}
