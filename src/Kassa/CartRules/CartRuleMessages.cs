using Kassa.Pricing;

namespace Kassa.CartRules;

/// <summary>What a shopper is told about a minimum order value the cart does not reach.</summary>
public static class CartRuleMessages
{
    /// <summary>The amount that is short, as the field the problem is reported under.</summary>
    public static string FieldOf(RuleShortfall shortfall) =>
        shortfall.Field == PricingRuleField.ItemsTotalAmount ? CartRuleFields.ItemsTotalAmount : CartRuleFields.ItemsSubtotalAmount;

    public static string Missing(RuleShortfall shortfall, string currency)
    {
        var what = shortfall.Field == PricingRuleField.ItemsTotalAmount ? "items with tax" : "items before tax";
        return $"The minimum order is {Money.ToMinorUnits(shortfall.Minimum, currency)} {currency} of {what}; " +
               $"add {Money.ToMinorUnits(shortfall.Missing, currency)} {currency} more to check out.";
    }
}
