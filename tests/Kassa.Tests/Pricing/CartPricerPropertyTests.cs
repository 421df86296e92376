using Kassa.Pricing;

namespace Kassa.Tests.Pricing;

/// <summary>
/// Hundreds of pseudo-random carts (fixed seeds, so a failure reproduces) checked against the
/// invariants and against the rules in their simplest form.
/// </summary>
public sealed class CartPricerPropertyTests
{
    private const int CartsPerSeed = 150;

    private static readonly string[] CurrencyCodes = ["EUR", "EUR", "USD", "JPY", "BHD", "KWD", "CLP", "eur", "jpy"];
    private static readonly decimal[] Rates = [0m, 5m, 9m, 10m, 13.5m, 20m, 24m, 25.5m, 7.125m];

    [Theory]
    [InlineData(20240601)]
    [InlineData(1)]
    [InlineData(424242)]
    public void Random_carts_keep_every_invariant(int seed)
    {
        var rng = new Random(seed);
        for (var n = 0; n < CartsPerSeed; n++)
        {
            var input = RandomCart(rng);
            PricedCart cart;
            try
            {
                cart = CartPricer.Price(input);
            }
            catch (Exception e)
            {
                throw new Xunit.Sdk.XunitException($"seed {seed} cart {n}: {Describe(input)} threw {e}");
            }

            try
            {
                PricingAssert.Invariants(input, cart);
                FollowsTheRules(input, cart);
            }
            catch (Exception e)
            {
                throw new Xunit.Sdk.XunitException($"seed {seed} cart {n}: {Describe(input)}\n{e.Message}");
            }
        }
    }

    /// <summary>Each rule restated in its plainest form, per part.</summary>
    private static void FollowsTheRules(PricingInput input, PricedCart cart)
    {
        var currency = cart.Currency;
        decimal R(decimal x) => Money.Round(x, currency);

        // Entry amounts (as entered, rounded per line) and the discount taken off them, per part.
        var entry = new List<decimal>();
        var entryDiscount = new List<decimal>();
        var discountable = new List<bool>();
        var rates = new List<decimal>();
        var scope = input.Discount?.AppliesTo;

        for (var i = 0; i < input.Lines.Count; i++)
        {
            var line = cart.Lines[i];
            entry.Add(R(line.UnitPrice * line.Quantity));
            entryDiscount.Add(input.Mode == PriceEntryMode.Net ? line.DiscountAmount : entry[^1] - line.TotalAmount);
            discountable.Add(input.Discount is not null);
            rates.Add(line.TaxRate);
            CheckPart(input.Mode, currency, line.TaxRate, entry[^1], entryDiscount[^1],
                line.OriginalAmount, line.DiscountAmount, line.SubtotalAmount, line.TaxAmount, line.TotalAmount);
            if (input.Discount is not null)
                Assert.True(line.HasDiscount == entryDiscount[^1] > 0, $"line {i}: HasDiscount {line.HasDiscount} but entry discount {entryDiscount[^1]}");
        }

        if (input.Shipping is { } shipping)
        {
            entry.Add(R(shipping.Amount));
            entryDiscount.Add(input.Mode == PriceEntryMode.Net ? cart.ShippingDiscountAmount : entry[^1] - cart.ShippingTotalAmount);
            discountable.Add(scope == DiscountScope.Order);
            rates.Add(shipping.TaxRate);
            CheckPart(input.Mode, currency, shipping.TaxRate, entry[^1], entryDiscount[^1],
                cart.ShippingOriginalAmount, cart.ShippingDiscountAmount, cart.ShippingSubtotalAmount, cart.ShippingTaxAmount, cart.ShippingTotalAmount);
        }

        for (var i = 0; i < entry.Count; i++)
        {
            Assert.InRange(entryDiscount[i], 0m, entry[i]);
            if (!discountable[i]) Assert.Equal(0m, entryDiscount[i]);
        }

        // The shopper pays the entered amounts minus the entry-mode discount, to the minor unit.
        if (input.Mode == PriceEntryMode.Gross)
            Assert.Equal(entry.Sum() - entryDiscount.Sum(), cart.TotalAmount);

        if (input.Discount is { Type: DiscountType.Percentage } percent)
        {
            for (var i = 0; i < entry.Count; i++)
            {
                if (discountable[i]) Assert.Equal(R(entry[i] * percent.Amount / 100), entryDiscount[i]);
            }
        }
        else if (input.Discount is { Type: DiscountType.FixedAmount } fixedAmount)
        {
            // Exactly the amount (capped at what can be discounted), each share within one minor
            // unit of its exact proportional share.
            var baseTotal = Enumerable.Range(0, entry.Count).Where(i => discountable[i]).Sum(i => entry[i]);
            var taken = Math.Min(R(fixedAmount.Amount), baseTotal);
            Assert.Equal(taken, entryDiscount.Sum());
            var unit = 1m / (decimal)Math.Pow(10, Currencies.MinorUnits(currency));
            for (var i = 0; i < entry.Count; i++)
            {
                if (!discountable[i] || baseTotal == 0) continue;
                var exact = taken * entry[i] / baseTotal;
                Assert.True(Math.Abs(entryDiscount[i] - exact) < unit, $"part {i}: share {entryDiscount[i]} is not within a minor unit of {exact}");
            }
        }
        else
        {
            Assert.All(entryDiscount, d => Assert.Equal(0m, d));
        }
    }

    private static void CheckPart(
        PriceEntryMode mode, string currency, decimal rate, decimal entry, decimal entryDiscount,
        decimal original, decimal discount, decimal subtotal, decimal tax, decimal total)
    {
        decimal R(decimal x) => Money.Round(x, currency);
        if (mode == PriceEntryMode.Net)
        {
            Assert.Equal(entry, original);
            Assert.Equal(R(subtotal * rate / 100), tax);
        }
        else
        {
            // Net of gross, rounded; the tax is what is left over.
            Assert.Equal(R(entry * 100 / (100 + rate)), original);
            Assert.Equal(R(total * 100 / (100 + rate)), subtotal);
            Assert.Equal(entry - entryDiscount, total);
        }

        Assert.InRange(discount, 0m, original);
    }

    private static PricingInput RandomCart(Random rng)
    {
        var code = CurrencyCodes[rng.Next(CurrencyCodes.Length)];
        var units = Currencies.MinorUnits(code.ToUpperInvariant());

        var lines = new PricingLine[rng.Next(0, 16)];
        for (var i = 0; i < lines.Length; i++)
        {
            var quantity = rng.Next(10) == 0 ? rng.Next(1, 5000) : rng.Next(1, 6);
            decimal? rate = rng.Next(4) == 0 ? null : Rates[rng.Next(Rates.Length)];
            lines[i] = new PricingLine($"line-{i}", Amount(rng, units), rate, quantity);
        }

        PricingDiscount? discount = rng.Next(3) switch
        {
            0 => null,
            1 => new PricingDiscount(DiscountType.Percentage, Percentage(rng), Scope(rng)),
            _ => new PricingDiscount(DiscountType.FixedAmount, Amount(rng, units), Scope(rng)),
        };

        var shipping = rng.Next(2) == 0 ? null : new PricingShipping(Amount(rng, units), Rates[rng.Next(Rates.Length)]);
        var mode = rng.Next(2) == 0 ? PriceEntryMode.Net : PriceEntryMode.Gross;
        return new PricingInput(code, mode, Rates[rng.Next(Rates.Length)], lines, discount, shipping);
    }

    /// <summary>Mostly ordinary prices, some tiny, some huge, some with more decimals than the currency has.</summary>
    private static decimal Amount(Random rng, int units)
    {
        var whole = rng.Next(6) switch
        {
            0 => 0,
            1 => rng.Next(0, 3),
            2 => rng.Next(0, 1_000_000),
            _ => rng.Next(0, 300),
        };
        var decimals = units + rng.Next(0, 3);
        var scale = (int)Math.Pow(10, decimals);
        return whole + (decimal)rng.Next(0, scale) / scale;
    }

    private static decimal Percentage(Random rng) => rng.Next(8) switch
    {
        0 => 100m,
        1 => 0m,
        2 => rng.Next(0, 10001) / 100m,
        _ => rng.Next(1, 100),
    };

    private static DiscountScope Scope(Random rng) => rng.Next(2) == 0 ? DiscountScope.Products : DiscountScope.Order;

    private static string Describe(PricingInput input) =>
        $"{input.Currency} {input.Mode} default {input.DefaultTaxRate}%, lines [{string.Join(", ", input.Lines.Select(l => $"{l.Key} {l.UnitPrice}x{l.Quantity}@{l.TaxRate}"))}], " +
        $"discount {input.Discount}, shipping {input.Shipping}";
}
