namespace Kassa.Pricing;

/// <summary>
/// The cart-rules stage of <see cref="CartPricer"/>. It runs after the discount code has been spread over the parts and
/// before tax: every threshold is read on the amounts after the code (and after the rules before it), so a code that
/// lowers the items below "free shipping over 50" takes the free shipping away. In order:
/// <list type="number">
/// <item>the rules that change amounts (items discounts, shipping cost) by <c>position</c>, then id; each sees the amounts
/// the ones before it left;</item>
/// <item>the minimum order values, last, on the final items amounts (a rule after them cannot sneak the cart below one).</item>
/// </list>
/// A rule only ever takes off: an items discount is capped at what is left of the items, and a shipping cost rule lowers
/// the shipping to its amount but never raises it. Nothing becomes negative.
/// </summary>
internal static class CartRuleStage
{
    /// <param name="entryAmounts">Every part's rounded amount as entered: the item lines, then shipping when there is one.</param>
    /// <param name="taxRates">Every part's tax rate, in the same order.</param>
    /// <param name="lineCount">How many of the parts are item lines.</param>
    /// <param name="entryDiscounts">The code's discount per part; the rules' cuts are added to it.</param>
    public static Outcome Apply(
        PricingInput input, IReadOnlyList<decimal> entryAmounts, IReadOnlyList<decimal> taxRates, int lineCount,
        decimal[] entryDiscounts, string currency)
    {
        if (input.Rules is not { Rules.Count: > 0 } rules) return Outcome.None;
        Check(rules);

        var hasShipping = entryAmounts.Count > lineCount;
        var quantity = input.Lines.Sum(l => (long)l.Quantity);
        var applied = new List<long>();
        var ordered = rules.Rules.OrderBy(r => r.Position).ThenBy(r => r.Id).ToArray();

        foreach (var rule in ordered.Where(r => r.Kind != PricingRuleKind.MinimumOrder))
        {
            var items = Items(input, entryAmounts, taxRates, lineCount, entryDiscounts, currency);
            if (!Holds(rule, items, quantity, rules, currency)) continue;

            var cut = rule.Kind switch
            {
                PricingRuleKind.ItemsDiscount => DiscountItems(rule, entryAmounts, lineCount, entryDiscounts, currency),
                PricingRuleKind.ShippingCost when hasShipping && (rule.TargetShippingMethodId is null || rule.TargetShippingMethodId == rules.ShippingMethodId)
                    => LowerShipping(rule, entryAmounts, entryDiscounts, currency),
                _ => 0m,
            };
            if (cut > 0) applied.Add(rule.Id);
        }

        var shortfalls = new List<RuleShortfall>();
        var final = Items(input, entryAmounts, taxRates, lineCount, entryDiscounts, currency);
        foreach (var rule in ordered.Where(r => r.Kind == PricingRuleKind.MinimumOrder))
        {
            if (!Holds(rule, final, quantity, rules, currency)) continue;
            var minimum = Money.Round(rule.Amount, currency);
            var reached = rule.MinimumOf == PricingRuleField.ItemsTotalAmount ? final.Total : final.Subtotal;
            if (reached < minimum) shortfalls.Add(new RuleShortfall(rule.Id, rule.MinimumOf, minimum, minimum - reached));
        }

        return new Outcome(applied, shortfalls);
    }

    public sealed record Outcome(IReadOnlyList<long> Applied, IReadOnlyList<RuleShortfall> Shortfalls)
    {
        public static readonly Outcome None = new([], []);
    }

    private static decimal DiscountItems(PricingRule rule, IReadOnlyList<decimal> entryAmounts, int lineCount, decimal[] entryDiscounts, string currency)
    {
        var left = new decimal[lineCount];
        for (var i = 0; i < lineCount; i++) left[i] = entryAmounts[i] - entryDiscounts[i];

        // A percentage is rounded per line, as a code's is; a part of at most what is left can never round above it.
        var cuts = rule.Percentage
            ? left.Select(amount => Money.Round(amount * rule.Amount / 100, currency)).ToArray()
            : DiscountSpread.Spread(rule.Amount, left, currency);
        for (var i = 0; i < lineCount; i++) entryDiscounts[i] += cuts[i];
        return cuts.Sum();
    }

    private static decimal LowerShipping(PricingRule rule, IReadOnlyList<decimal> entryAmounts, decimal[] entryDiscounts, string currency)
    {
        var last = entryAmounts.Count - 1;
        var left = entryAmounts[last] - entryDiscounts[last];
        var cut = Math.Max(0m, left - Money.Round(rule.Amount, currency));
        entryDiscounts[last] += cut;
        return cut;
    }

    private static bool Holds(PricingRule rule, ItemsAmounts items, long quantity, PricingRules rules, string currency)
    {
        foreach (var condition in rule.Conditions)
        {
            var holds = condition.Field switch
            {
                PricingRuleField.ItemsSubtotalAmount => Compare(items.Subtotal, condition.Comparator, condition.Number),
                PricingRuleField.ItemsTotalAmount => Compare(items.Total, condition.Comparator, condition.Number),
                PricingRuleField.ItemsQuantity => Compare(quantity, condition.Comparator, condition.Number),
                PricingRuleField.ShippingCountry => Same(rules.ShippingCountry, condition),
                PricingRuleField.Currency => Same(currency, condition),
                _ => false,
            };
            if (!holds) return false;
        }
        return true;
    }

    /// <summary>Codes are compared for equality only; an unknown country never holds.</summary>
    private static bool Same(string? actual, PricingRuleCondition condition) =>
        condition.Comparator == PricingRuleComparator.Equal && actual is not null &&
        string.Equals(actual.Trim(), condition.Text?.Trim(), StringComparison.OrdinalIgnoreCase);

    private static bool Compare(decimal actual, PricingRuleComparator comparator, decimal value) => comparator switch
    {
        PricingRuleComparator.GreaterThan => actual > value,
        PricingRuleComparator.GreaterThanOrEqual => actual >= value,
        PricingRuleComparator.LessThan => actual < value,
        PricingRuleComparator.LessThanOrEqual => actual <= value,
        PricingRuleComparator.Equal => actual == value,
        _ => false,
    };

    private static ItemsAmounts Items(
        PricingInput input, IReadOnlyList<decimal> entryAmounts, IReadOnlyList<decimal> taxRates, int lineCount, decimal[] entryDiscounts, string currency)
    {
        var sum = PartAmounts.Zero;
        for (var i = 0; i < lineCount; i++)
        {
            var part = PartAmounts.Of(entryAmounts[i], entryDiscounts[i], taxRates[i], input.Mode, currency);
            sum = new PartAmounts(sum.Original + part.Original, sum.Discount + part.Discount, sum.Subtotal + part.Subtotal, sum.Tax + part.Tax, sum.Total + part.Total);
        }
        return new ItemsAmounts(sum.Subtotal, sum.Total);
    }

    private readonly record struct ItemsAmounts(decimal Subtotal, decimal Total);

    /// <summary>The last guard, as <see cref="PricingInputValidator"/> is for the rest: callers validate rules when they are saved.</summary>
    private static void Check(PricingRules rules)
    {
        foreach (var rule in rules.Rules)
        {
            if (rule is null) throw new ArgumentException("A cart rule is null.", "input");
            if (!Enum.IsDefined(rule.Kind)) throw new ArgumentException($"Cart rule {rule.Id}: kind {(int)rule.Kind} is unknown.", "input");
            if (rule.Amount < 0 || rule.Amount > PricingLimits.MaxAmount)
                throw new ArgumentException($"Cart rule {rule.Id}: amount {rule.Amount} is out of range.", "input");
            if (rule.Percentage && rule.Amount > 100)
                throw new ArgumentException($"Cart rule {rule.Id}: a percentage must be at most 100, got {rule.Amount}.", "input");
            if (rule.Conditions is null) throw new ArgumentException($"Cart rule {rule.Id}: conditions must not be null.", "input");
        }
    }
}
