using Kassa.Pricing;
using static Kassa.Tests.Pricing.PricingAssert;

namespace Kassa.Tests.Pricing;

/// <summary>The cart-rules stage of the pure pricer: examples, the evaluation order, and generated carts.</summary>
public sealed class CartRuleStageTests
{
    private static readonly PricingRuleCondition[] Always = [];

    private static PricingRuleCondition Subtotal(PricingRuleComparator c, string value) => new(PricingRuleField.ItemsSubtotalAmount, c, D(value));

    private static PricingInput Cart(string unitPrice, int quantity = 1, PricingDiscount? code = null, string? shipping = "3.5",
        PriceEntryMode mode = PriceEntryMode.Net, string currency = "EUR", string? country = null, long? methodId = 1, params PricingRule[] rules) =>
        new(currency, mode, 20m, [new PricingLine("a", D(unitPrice), 20m, quantity)], code,
            shipping is null ? null : new PricingShipping(D(shipping), 20m),
            rules.Length == 0 ? null : new PricingRules(rules, country, methodId));

    private static PricedCart Price(PricingInput input)
    {
        var cart = CartPricer.Price(input);
        Invariants(input, cart);
        return cart;
    }

    // Voog's example: shipping_cost on shipping method 1, items_subtotal_amount > 10.0 → shipping_subtotal_amount 1.0.
    private static readonly PricingRule VoogExample =
        new(1, 1, PricingRuleKind.ShippingCost, [Subtotal(PricingRuleComparator.GreaterThan, "10.0")], 1.0m, TargetShippingMethodId: 1);

    [Theory]
    [InlineData("12.5", "1.0", "1.2", true)]   // over the threshold: shipping costs 1.0 (+ 20 % tax)
    [InlineData("10.0", "3.5", "4.2", false)]  // not over it: > is strict
    [InlineData("9.99", "3.5", "4.2", false)]
    public void Voogs_example_rule(string item, string shippingSubtotal, string shippingTotal, bool applied)
    {
        var cart = Price(Cart(item, rules: VoogExample));
        Assert.Equal(3.5m, cart.ShippingOriginalAmount);
        Assert.Equal(D(shippingSubtotal), cart.ShippingSubtotalAmount);
        Assert.Equal(D(shippingTotal), cart.ShippingTotalAmount);
        Assert.Equal(applied ? [1L] : [], cart.AppliedRuleIds);
    }

    [Theory]
    [InlineData(1L, "3.5")]    // the rule's method
    [InlineData(2L, "3.5")]    // another method: untouched, unless the rule has no target
    public void A_shipping_rule_changes_its_target_only(long methodId, string expected)
    {
        var cart = Price(Cart("50", methodId: methodId == 1 ? 2 : 1, rules: VoogExample with { TargetShippingMethodId = methodId == 1 ? 1 : 3 }));
        Assert.Equal(D(expected), cart.ShippingSubtotalAmount);
        var anyShipping = Price(Cart("50", methodId: null, rules: VoogExample with { TargetShippingMethodId = null }));
        Assert.Equal(1.0m, anyShipping.ShippingSubtotalAmount);
    }

    [Fact]
    public void A_shipping_rule_never_raises_the_price_nor_applies_without_shipping()
    {
        var dearer = Price(Cart("50", rules: VoogExample with { Amount = 9m }));
        Assert.Equal(3.5m, dearer.ShippingSubtotalAmount);
        Assert.Empty(dearer.AppliedRuleIds);

        var none = Price(Cart("50", shipping: null, rules: VoogExample));
        Assert.Equal(0m, none.ShippingTotalAmount);
        Assert.Empty(none.AppliedRuleIds);
    }

    [Fact]
    public void Thresholds_are_read_after_the_discount_code()
    {
        var freeOver50 = new PricingRule(7, 1, PricingRuleKind.ShippingCost, [Subtotal(PricingRuleComparator.GreaterThanOrEqual, "50")], 0m);
        Assert.Equal(0m, Price(Cart("60", rules: freeOver50)).ShippingSubtotalAmount);

        // 20 % off 60 is 48: below 50, so shipping is charged again.
        var withCode = Price(Cart("60", code: new PricingDiscount(DiscountType.Percentage, 20m, DiscountScope.Products), rules: freeOver50));
        Assert.Equal(48m, withCode.ItemsSubtotalAmount);
        Assert.Equal(3.5m, withCode.ShippingSubtotalAmount);
        Assert.Empty(withCode.AppliedRuleIds);
    }

    [Theory]
    // A 10 % items discount at position 1 brings 52 to 46.8, below the free-shipping threshold of 50 at position 2.
    [InlineData(1, 2, "46.8", "3.5", new long[] { 1 })]
    // The other way round, free shipping is decided on 52 first.
    [InlineData(2, 1, "46.8", "0", new long[] { 2, 1 })]
    public void Position_decides_the_order(int discountPosition, int shippingPosition, string items, string shipping, long[] applied)
    {
        var tenOff = new PricingRule(1, discountPosition, PricingRuleKind.ItemsDiscount, Always, 10m, Percentage: true);
        var freeOver50 = new PricingRule(2, shippingPosition, PricingRuleKind.ShippingCost, [Subtotal(PricingRuleComparator.GreaterThanOrEqual, "50")], 0m);
        var cart = Price(Cart("52", rules: [tenOff, freeOver50]));
        Assert.Equal(D(items), cart.ItemsSubtotalAmount);
        Assert.Equal(D(shipping), cart.ShippingSubtotalAmount);
        Assert.Equal(applied, cart.AppliedRuleIds);
        Assert.True(cart.Lines[0].HasDiscount);
    }

    [Fact]
    public void An_amount_discount_is_capped_at_the_items_and_never_goes_negative()
    {
        var cart = Price(Cart("30", quantity: 2, rules: new PricingRule(1, 1, PricingRuleKind.ItemsDiscount, Always, 100m)));
        Assert.Equal(60m, cart.ItemsDiscountAmount);
        Assert.Equal(0m, cart.ItemsTotalAmount);
        Assert.Equal(4.2m, cart.TotalAmount);
    }

    [Theory]
    [InlineData("15", PricingRuleField.ItemsSubtotalAmount, "20", "5")]
    [InlineData("15", PricingRuleField.ItemsTotalAmount, "20", "2")]      // 15 + 20 % tax = 18
    [InlineData("20", PricingRuleField.ItemsSubtotalAmount, "20", null)]  // reaching the minimum exactly is enough
    public void A_minimum_order_value_says_how_much_is_missing(string item, PricingRuleField field, string minimum, string? missing)
    {
        var cart = Price(Cart(item, rules: new PricingRule(4, 1, PricingRuleKind.MinimumOrder, Always, D(minimum), MinimumOf: field)));
        if (missing is null)
        {
            Assert.Empty(cart.RuleShortfalls);
            return;
        }
        var shortfall = Assert.Single(cart.RuleShortfalls);
        Assert.Equal(new RuleShortfall(4, field, D(minimum), D(missing)), shortfall);
        Assert.Empty(cart.AppliedRuleIds);
    }

    [Fact]
    public void A_minimum_is_checked_after_every_discount_rule_whatever_its_position()
    {
        var minimum = new PricingRule(1, 1, PricingRuleKind.MinimumOrder, Always, 20m);
        var fiveOff = new PricingRule(2, 2, PricingRuleKind.ItemsDiscount, Always, 5m);
        var shortfall = Assert.Single(Price(Cart("22", rules: [minimum, fiveOff])).RuleShortfalls);
        Assert.Equal(3m, shortfall.Missing);
    }

    [Theory]
    [InlineData(PricingRuleField.ItemsQuantity, PricingRuleComparator.GreaterThanOrEqual, "3", null, 3, true)]
    [InlineData(PricingRuleField.ItemsQuantity, PricingRuleComparator.GreaterThanOrEqual, "3", null, 2, false)]
    [InlineData(PricingRuleField.ItemsQuantity, PricingRuleComparator.Equal, "2", null, 2, true)]
    [InlineData(PricingRuleField.ItemsQuantity, PricingRuleComparator.LessThan, "2", null, 2, false)]
    [InlineData(PricingRuleField.ItemsQuantity, PricingRuleComparator.LessThanOrEqual, "2", null, 2, true)]
    [InlineData(PricingRuleField.ItemsTotalAmount, PricingRuleComparator.GreaterThan, "23.9", null, 2, true)] // 2 × 10 + 20 % = 24
    [InlineData(PricingRuleField.ItemsTotalAmount, PricingRuleComparator.GreaterThan, "24", null, 2, false)]
    [InlineData(PricingRuleField.Currency, PricingRuleComparator.Equal, "0", "EUR", 1, true)]
    [InlineData(PricingRuleField.Currency, PricingRuleComparator.Equal, "0", "USD", 1, false)]
    [InlineData(PricingRuleField.ShippingCountry, PricingRuleComparator.Equal, "0", "EE", 1, true)]
    [InlineData(PricingRuleField.ShippingCountry, PricingRuleComparator.Equal, "0", "FI", 1, false)]
    public void Conditions_compare_as_told(PricingRuleField field, PricingRuleComparator comparator, string number, string? text, int quantity, bool holds)
    {
        var rule = new PricingRule(1, 1, PricingRuleKind.ItemsDiscount, [new PricingRuleCondition(field, comparator, D(number), text)], 10m, Percentage: true);
        var cart = Price(Cart("10", quantity: quantity, country: "EE", rules: rule));
        Assert.Equal(holds, cart.AppliedRuleIds.Count == 1);
    }

    [Fact]
    public void All_conditions_must_hold_and_an_unknown_country_never_matches()
    {
        PricingRuleCondition[] both = [Subtotal(PricingRuleComparator.GreaterThan, "5"), new(PricingRuleField.ShippingCountry, PricingRuleComparator.Equal, Text: "EE")];
        var rule = new PricingRule(1, 1, PricingRuleKind.ItemsDiscount, both, 10m, Percentage: true);
        Assert.Single(Price(Cart("10", country: "EE", rules: rule)).AppliedRuleIds);
        Assert.Empty(Price(Cart("10", country: null, rules: rule)).AppliedRuleIds);
        Assert.Empty(Price(Cart("4", country: "EE", rules: rule)).AppliedRuleIds);
    }

    [Fact]
    public void Gross_entry_keeps_the_shown_price_and_reads_the_rule_as_gross()
    {
        // Gross mode: shipping 3.5 gross; the rule sets it to 1.2 gross (1.0 net + 0.2 tax).
        var cart = Price(Cart("24", mode: PriceEntryMode.Gross, rules: VoogExample with { Amount = 1.2m }));
        Assert.Equal(1.2m, cart.ShippingTotalAmount);
        Assert.Equal(1.0m, cart.ShippingSubtotalAmount);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(20261205)]
    [InlineData(99)]
    public void Generated_carts_stay_exact_sums_and_rules_only_take_off(int seed)
    {
        var rng = new Random(seed);
        string[] currencies = ["EUR", "JPY", "BHD"];
        for (var n = 0; n < 300; n++)
        {
            var currency = currencies[rng.Next(currencies.Length)];
            var units = Currencies.MinorUnits(currency);
            var lines = Enumerable.Range(0, rng.Next(0, 6))
                .Select(i => new PricingLine($"l{i}", Amount(rng, units, 200), rng.Next(3) == 0 ? null : new[] { 0m, 9m, 20m, 24m }[rng.Next(4)], rng.Next(1, 5)))
                .ToArray();
            var mode = rng.Next(2) == 0 ? PriceEntryMode.Net : PriceEntryMode.Gross;
            PricingDiscount? code = rng.Next(3) switch
            {
                0 => null,
                1 => new PricingDiscount(DiscountType.Percentage, rng.Next(1, 101), rng.Next(2) == 0 ? DiscountScope.Products : DiscountScope.Order),
                _ => new PricingDiscount(DiscountType.FixedAmount, Amount(rng, units, 100), rng.Next(2) == 0 ? DiscountScope.Products : DiscountScope.Order),
            };
            var shipping = rng.Next(4) == 0 ? null : new PricingShipping(Amount(rng, units, 20), 20m);
            var rules = Enumerable.Range(1, rng.Next(1, 5)).Select(id => RandomRule(rng, id, units)).ToArray();
            var plain = new PricingInput(currency, mode, 20m, lines, code, shipping);
            var input = plain with { Rules = new PricingRules(rules, rng.Next(2) == 0 ? "EE" : null, rng.Next(3) == 0 ? null : rng.Next(1, 3)) };

            var where = $"seed {seed} cart {n}";
            PricedCart withRules, without;
            try
            {
                withRules = CartPricer.Price(input);
                without = CartPricer.Price(plain);
                Invariants(input, withRules);
            }
            catch (Exception e)
            {
                throw new Xunit.Sdk.XunitException($"{where}: {e}");
            }

            // Rules only ever take off, line by line and on shipping, and never below zero (Invariants).
            for (var i = 0; i < lines.Length; i++)
                Assert.True(withRules.Lines[i].TotalAmount <= without.Lines[i].TotalAmount, $"{where}: line {i} went up");
            Assert.True(withRules.ShippingTotalAmount <= without.ShippingTotalAmount, $"{where}: shipping went up");
            Assert.Equal(without.ShippingOriginalAmount, withRules.ShippingOriginalAmount);
            Assert.Equal(without.ItemsOriginalAmount, withRules.ItemsOriginalAmount);
            if (withRules.AppliedRuleIds.Count == 0)
                Assert.Equal(without.TotalAmount, withRules.TotalAmount);
            else
                Assert.True(withRules.TotalAmount < without.TotalAmount, $"{where}: a rule applied but took nothing off");

            // A shipping cost rule that applied leaves shipping at most its amount (as entered).
            foreach (var rule in rules.Where(r => r.Kind == PricingRuleKind.ShippingCost && withRules.AppliedRuleIds.Contains(r.Id)))
            {
                var entered = mode == PriceEntryMode.Net ? withRules.ShippingSubtotalAmount : withRules.ShippingTotalAmount;
                Assert.True(entered <= Money.Round(rule.Amount, currency), $"{where}: shipping {entered} above rule {rule.Id}'s {rule.Amount}");
            }

            // A shortfall is what is missing to the minimum, exactly.
            foreach (var shortfall in withRules.RuleShortfalls)
            {
                var reached = shortfall.Field == PricingRuleField.ItemsTotalAmount ? withRules.ItemsTotalAmount : withRules.ItemsSubtotalAmount;
                Assert.True(shortfall.Missing > 0, where);
                Assert.Equal(shortfall.Minimum, reached + shortfall.Missing);
            }
        }
    }

    private static PricingRule RandomRule(Random rng, int id, int units)
    {
        var conditions = Enumerable.Range(0, rng.Next(0, 3)).Select(_ => rng.Next(4) switch
        {
            0 => new PricingRuleCondition(PricingRuleField.ItemsSubtotalAmount, (PricingRuleComparator)rng.Next(5), Amount(rng, units, 400)),
            1 => new PricingRuleCondition(PricingRuleField.ItemsTotalAmount, (PricingRuleComparator)rng.Next(5), Amount(rng, units, 400)),
            2 => new PricingRuleCondition(PricingRuleField.ItemsQuantity, (PricingRuleComparator)rng.Next(5), rng.Next(0, 10)),
            _ => new PricingRuleCondition(PricingRuleField.ShippingCountry, PricingRuleComparator.Equal, Text: "EE"),
        }).ToArray();
        return rng.Next(3) switch
        {
            0 => new PricingRule(id, rng.Next(3), PricingRuleKind.ShippingCost, conditions, Amount(rng, units, 10), TargetShippingMethodId: rng.Next(3) == 0 ? null : rng.Next(1, 3)),
            1 => rng.Next(2) == 0
                ? new PricingRule(id, rng.Next(3), PricingRuleKind.ItemsDiscount, conditions, rng.Next(1, 101), Percentage: true)
                : new PricingRule(id, rng.Next(3), PricingRuleKind.ItemsDiscount, conditions, Amount(rng, units, 300)),
            _ => new PricingRule(id, rng.Next(3), PricingRuleKind.MinimumOrder, conditions, Amount(rng, units, 400),
                MinimumOf: rng.Next(2) == 0 ? PricingRuleField.ItemsSubtotalAmount : PricingRuleField.ItemsTotalAmount),
        };
    }

    /// <summary>An amount from 0 to <paramref name="max"/> on the currency's minor units, sometimes a round one.</summary>
    private static decimal Amount(Random rng, int units, int max)
    {
        var whole = rng.Next(0, max);
        if (rng.Next(4) == 0 || units == 0) return whole;
        var minor = (decimal)rng.Next(0, (int)Math.Pow(10, units));
        return whole + minor / (decimal)Math.Pow(10, units);
    }
}
