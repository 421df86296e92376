using System.Globalization;
using Kassa.Pricing;

namespace Kassa.CartRules;

/// <summary>
/// The stored rules as the pricing core sees them for one cart: only those active on the store clock, with every amount
/// resolved to the cart's currency the way a product's price is (<see cref="CatalogPrice"/>: the explicit amount for the
/// currency, else the base amount in the store currency). A rule with an amount it has not in the cart's currency cannot
/// hold there and is left out: there are no exchange rates.
/// </summary>
public static class CartRulePricing
{
    public static PricingRules? ForCart(
        IReadOnlyList<CartRule> rules, string storeCurrency, string cartCurrency, DateTime nowUtc, string? shippingCountry, long? shippingMethodId)
    {
        if (rules.Count == 0) return null;
        var priced = new List<PricingRule>(rules.Count);
        foreach (var rule in rules)
        {
            if (rule.IsActiveAt(nowUtc) && ToPricing(rule, storeCurrency, cartCurrency) is { } p) priced.Add(p);
        }
        return priced.Count == 0 ? null : new PricingRules(priced, shippingCountry, shippingMethodId);
    }

    /// <summary>The rule in the cart's currency; null when one of its amounts has no value in it.</summary>
    public static PricingRule? ToPricing(CartRule rule, string storeCurrency, string cartCurrency)
    {
        var conditions = new List<PricingRuleCondition>(rule.Conditions.Count);
        foreach (var c in rule.Conditions)
        {
            var comparator = Comparator(c.Comparator);
            switch (c.Field)
            {
                case CartRuleFields.ItemsSubtotalAmount or CartRuleFields.ItemsTotalAmount:
                    if (AmountIn(c.Value, c.Values, storeCurrency, cartCurrency) is not { } threshold) return null;
                    var field = c.Field == CartRuleFields.ItemsTotalAmount ? PricingRuleField.ItemsTotalAmount : PricingRuleField.ItemsSubtotalAmount;
                    conditions.Add(new PricingRuleCondition(field, comparator, threshold));
                    break;
                case CartRuleFields.ItemsQuantity:
                    conditions.Add(new PricingRuleCondition(PricingRuleField.ItemsQuantity, comparator, Number(c.Value)));
                    break;
                case CartRuleFields.ShippingCountry:
                    conditions.Add(new PricingRuleCondition(PricingRuleField.ShippingCountry, comparator, Text: c.Value));
                    break;
                case CartRuleFields.Currency:
                    conditions.Add(new PricingRuleCondition(PricingRuleField.Currency, comparator, Text: c.Value));
                    break;
                default:
                    return null; // stored rules are validated; a field this version does not know never holds
            }
        }

        var result = rule.Result;
        if (result.ValueType == CartRuleValueTypes.Percentage)
            return new PricingRule(rule.Id, rule.Position, PricingRuleKind.ItemsDiscount, conditions, Number(result.Value), Percentage: true);
        if (AmountIn(result.Value, result.Values, storeCurrency, cartCurrency) is not { } amount) return null;
        return rule.Kind switch
        {
            CartRuleKinds.ShippingCost => new PricingRule(rule.Id, rule.Position, PricingRuleKind.ShippingCost, conditions, amount,
                TargetShippingMethodId: rule.TargetKind == CartRuleTargetKinds.ShippingMethod ? rule.TargetId : null),
            CartRuleKinds.ItemsDiscount => new PricingRule(rule.Id, rule.Position, PricingRuleKind.ItemsDiscount, conditions, amount),
            CartRuleKinds.MinimumOrderValue => new PricingRule(rule.Id, rule.Position, PricingRuleKind.MinimumOrder, conditions, amount,
                MinimumOf: result.Field == CartRuleFields.ItemsTotalAmount ? PricingRuleField.ItemsTotalAmount : PricingRuleField.ItemsSubtotalAmount),
            _ => null,
        };
    }

    /// <summary>An amount of a rule in a currency: the explicit one, else the base amount in the store currency, else null.</summary>
    public static decimal? AmountIn(string value, IReadOnlyDictionary<string, decimal>? values, string storeCurrency, string currency) =>
        CatalogPrice.Resolve(storeCurrency, Number(value), values, currency);

    private static decimal Number(string value) => decimal.Parse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);

    private static PricingRuleComparator Comparator(string comparator) => comparator switch
    {
        ">" => PricingRuleComparator.GreaterThan,
        ">=" => PricingRuleComparator.GreaterThanOrEqual,
        "<" => PricingRuleComparator.LessThan,
        "<=" => PricingRuleComparator.LessThanOrEqual,
        _ => PricingRuleComparator.Equal,
    };
}
