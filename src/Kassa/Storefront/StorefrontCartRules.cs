using Kassa.CartRules;
using Kassa.Pricing;

namespace Kassa.Storefront;

/// <summary>
/// An active cart rule as a storefront reads it, to say "2.50 € more for free shipping" before the cart gets there: the
/// rule in Voog's shape and, when it has one, its threshold (the least the items must be) in every currency it has.
/// </summary>
/// <param name="Threshold">The rule's lower bound on an items amount (<c>&gt;</c> or <c>&gt;=</c>); null when it has none.</param>
public sealed record StorefrontCartRule(
    long Id,
    string Kind,
    string? TargetKind,
    long? TargetId,
    List<CartRuleConditionResponse> Conditions,
    CartRuleResultResponse Result,
    StorefrontThreshold? Threshold,
    DateTime? ValidTo);

/// <param name="Field"><c>items_subtotal_amount</c> (before tax) or <c>items_total_amount</c> (with tax), after the discount code.</param>
/// <param name="Comparator"><c>&gt;</c> (the items must pass it) or <c>&gt;=</c> (reaching it is enough).</param>
/// <param name="Amounts">By currency, in its minor units ("50.00"): the store currency and each one the rule has an amount in.</param>
public sealed record StorefrontThreshold(string Field, string Comparator, Dictionary<string, string> Amounts);

public static class StorefrontCartRules
{
    /// <summary>
    /// The rules a cart in <paramref name="currency"/> can meet: one with an amount that has no value in it never applies
    /// there (<see cref="CartRulePricing.ToPricing"/>) and is left out.
    /// </summary>
    public static List<StorefrontCartRule> ToStorefront(this IEnumerable<CartRule> rules, string storeCurrency, string currency) =>
        rules.Where(r => CartRulePricing.ToPricing(r, storeCurrency, currency) is not null).Select(r => r.ToStorefront(storeCurrency, currency)).ToList();

    private static StorefrontCartRule ToStorefront(this CartRule rule, string storeCurrency, string currency)
    {
        var response = rule.ToResponse();
        return new StorefrontCartRule(rule.Id, rule.Kind, rule.TargetKind, rule.TargetId, response.Conditions, response.Result,
            Threshold(rule, storeCurrency, currency), rule.ValidTo);
    }

    /// <summary>
    /// A minimum order value's own amount is its threshold; any other rule's is its highest lower bound on one items amount
    /// in the currency (the one a cart in it reaches last).
    /// </summary>
    private static StorefrontThreshold? Threshold(CartRule rule, string storeCurrency, string currency)
    {
        if (rule.Kind == CartRuleKinds.MinimumOrderValue)
            return new StorefrontThreshold(rule.Result.Field, ">=", Amounts(rule.Result.Value, rule.Result.Values, storeCurrency));
        var bound = rule.Conditions
            .Where(c => CartRuleFields.IsAmount(c.Field) && c.Comparator is ">" or ">=")
            .MaxBy(c => CartRulePricing.AmountIn(c.Value, c.Values, storeCurrency, currency));
        return bound is null ? null : new StorefrontThreshold(bound.Field, bound.Comparator, Amounts(bound.Value, bound.Values, storeCurrency));
    }

    private static Dictionary<string, string> Amounts(string value, Dictionary<string, decimal>? values, string storeCurrency)
    {
        var amounts = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [storeCurrency] = Money.ToMinorUnits(CartRulePricing.AmountIn(value, values, storeCurrency, storeCurrency) ?? 0, storeCurrency),
        };
        foreach (var (currency, amount) in values ?? []) amounts[currency] = Money.ToMinorUnits(amount, currency);
        return amounts;
    }
}
