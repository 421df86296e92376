using System.Globalization;
using Kassa.Pricing;

namespace Kassa.Tests.Pricing;

/// <summary>
/// The output invariants every priced cart must satisfy, whatever the input. Every pricing test
/// runs its result through <see cref="Invariants"/>.
/// </summary>
internal static class PricingAssert
{
    public static void Invariants(PricingInput input, PricedCart cart)
    {
        var currency = Currencies.Normalize(input.Currency);
        Assert.NotNull(currency);
        Assert.Equal(currency, cart.Currency);

        // Lines mirror the input, in order, with the rate actually used.
        Assert.Equal(input.Lines.Count, cart.Lines.Count);
        for (var i = 0; i < input.Lines.Count; i++)
        {
            var given = input.Lines[i];
            var line = cart.Lines[i];
            var where = $"line {i} '{line.Key}'";
            Assert.Equal(given.Key, line.Key);
            Assert.Equal(given.Quantity, line.Quantity);
            Assert.Equal(given.UnitPrice, line.UnitPrice);
            Assert.Equal(given.TaxRate ?? input.DefaultTaxRate, line.TaxRate);

            Part(where, currency, line.OriginalAmount, line.DiscountAmount, line.SubtotalAmount, line.TaxAmount, line.TotalAmount);
            if (input.Discount is null && input.Rules is null) Assert.False(line.HasDiscount, $"{where}: HasDiscount without a discount");
            if (line.DiscountAmount > 0) Assert.True(line.HasDiscount, $"{where}: discounted but HasDiscount is false");
            if (input.Mode == PriceEntryMode.Net)
                Assert.True(line.HasDiscount == line.DiscountAmount > 0, $"{where}: HasDiscount {line.HasDiscount}, discount {line.DiscountAmount}");
        }

        // Items: each total is the exact sum of its lines, subtotal = original - discount, total = subtotal + tax.
        Part("items", currency, cart.ItemsOriginalAmount, cart.ItemsDiscountAmount, cart.ItemsSubtotalAmount, cart.ItemsTaxAmount, cart.ItemsTotalAmount);
        Assert.Equal(cart.Lines.Sum(l => l.OriginalAmount), cart.ItemsOriginalAmount);
        Assert.Equal(cart.Lines.Sum(l => l.DiscountAmount), cart.ItemsDiscountAmount);
        Assert.Equal(cart.Lines.Sum(l => l.SubtotalAmount), cart.ItemsSubtotalAmount);
        Assert.Equal(cart.Lines.Sum(l => l.TaxAmount), cart.ItemsTaxAmount);
        Assert.Equal(cart.Lines.Sum(l => l.TotalAmount), cart.ItemsTotalAmount);

        // Shipping: the same identities; all zero and no rate when there is no shipping.
        Part("shipping", currency, cart.ShippingOriginalAmount, cart.ShippingDiscountAmount, cart.ShippingSubtotalAmount, cart.ShippingTaxAmount, cart.ShippingTotalAmount);
        Assert.Equal(input.Shipping?.TaxRate, cart.ShippingTaxRate);
        if (input.Shipping is null)
        {
            Assert.Equal(0m, cart.ShippingOriginalAmount);
            Assert.Equal(0m, cart.ShippingDiscountAmount);
            Assert.Equal(0m, cart.ShippingSubtotalAmount);
            Assert.Equal(0m, cart.ShippingTaxAmount);
            Assert.Equal(0m, cart.ShippingTotalAmount);
        }

        // Only an order-wide code or a shipping cost rule takes something off shipping.
        if (input.Discount?.AppliesTo != DiscountScope.Order && input.Rules is null)
            Assert.Equal(0m, cart.ShippingDiscountAmount);

        Assert.Equal(cart.ItemsTotalAmount + cart.ShippingTotalAmount, cart.TotalAmount);
        Amount("total", currency, cart.TotalAmount);

        // tax_amounts: one group per distinct rate, lowest first, summing to items + shipping.
        var rates = cart.TaxAmounts.Select(t => t.TaxRate).ToArray();
        Assert.Equal(rates.Order().ToArray(), rates);
        Assert.Equal(rates.Distinct().Count(), rates.Length);
        var expectedRates = cart.Lines.Select(l => l.TaxRate)
            .Concat(input.Shipping is { } s ? [s.TaxRate] : [])
            .Distinct()
            .Order()
            .ToArray();
        Assert.Equal(expectedRates, rates);
        foreach (var group in cart.TaxAmounts)
        {
            var shipped = input.Shipping is not null && cart.ShippingTaxRate == group.TaxRate;
            Assert.Equal(
                cart.Lines.Where(l => l.TaxRate == group.TaxRate).Sum(l => l.SubtotalAmount) + (shipped ? cart.ShippingSubtotalAmount : 0),
                group.SubtotalAmount);
            Assert.Equal(
                cart.Lines.Where(l => l.TaxRate == group.TaxRate).Sum(l => l.TaxAmount) + (shipped ? cart.ShippingTaxAmount : 0),
                group.TaxAmount);
            Amount($"tax_amounts[{group.TaxRate}].subtotal", currency, group.SubtotalAmount);
            Amount($"tax_amounts[{group.TaxRate}].tax", currency, group.TaxAmount);
        }

        Assert.Equal(cart.ItemsTaxAmount + cart.ShippingTaxAmount, cart.TaxAmounts.Sum(t => t.TaxAmount));
        Assert.Equal(cart.ItemsSubtotalAmount + cart.ShippingSubtotalAmount, cart.TaxAmounts.Sum(t => t.SubtotalAmount));
    }

    private static void Part(string where, string currency, decimal original, decimal discount, decimal subtotal, decimal tax, decimal total)
    {
        Amount($"{where}.original", currency, original);
        Amount($"{where}.discount", currency, discount);
        Amount($"{where}.subtotal", currency, subtotal);
        Amount($"{where}.tax", currency, tax);
        Amount($"{where}.total", currency, total);
        Assert.True(original - discount == subtotal, $"{where}: subtotal {subtotal} != original {original} - discount {discount}");
        Assert.True(subtotal + tax == total, $"{where}: total {total} != subtotal {subtotal} + tax {tax}");
    }

    /// <summary>Not negative and no more decimals than the currency's minor units.</summary>
    public static void Amount(string where, string currency, decimal amount)
    {
        Assert.True(amount >= 0, $"{where} is negative: {amount}");
        Assert.True(Money.FitsMinorUnits(amount, currency), $"{where} = {amount} has more decimals than {currency} allows");
        Assert.True(Scale(amount) <= Currencies.MinorUnits(currency), $"{where} = {amount} carries scale {Scale(amount)} in {currency}");
    }

    /// <summary>The digits after the decimal point as stored (1.50 has scale 2).</summary>
    private static int Scale(decimal value) => (decimal.GetBits(value)[3] >> 16) & 0xFF;

    /// <summary>"1.5" → 1.5m, invariant culture; the tables below are written in text.</summary>
    public static decimal D(string text) => decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture);
}
