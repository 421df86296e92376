namespace Kassa.Pricing;

/// <summary>
/// The cart rules a cart is priced with, and the facts about the cart that their conditions read besides its amounts.
/// Amounts in a rule are already in the cart's currency; a rule with no amount in that currency is not passed in.
/// </summary>
/// <param name="ShippingCountry">ISO 3166 alpha-2 of where the cart ships (upper case); null when not known.</param>
/// <param name="ShippingMethodId">The chosen shipping method; null for none or for a flat rate.</param>
public sealed record PricingRules(IReadOnlyList<PricingRule> Rules, string? ShippingCountry = null, long? ShippingMethodId = null);

/// <summary>
/// One automatic rule. All its conditions must hold. Rules run by <see cref="Position"/>, then <see cref="Id"/>
/// (<see cref="CartRuleStage"/>).
/// </summary>
/// <param name="Amount">
/// <see cref="PricingRuleKind.ShippingCost"/>: the shipping price once the rule applies, as entered (net or gross per the
/// entry mode). <see cref="PricingRuleKind.ItemsDiscount"/>: percent when <paramref name="Percentage"/>, else money taken
/// off the items as entered. <see cref="PricingRuleKind.MinimumOrder"/>: the least <paramref name="MinimumOf"/> may be.
/// </param>
/// <param name="TargetShippingMethodId">ShippingCost only: the method it changes; null for any shipping.</param>
/// <param name="MinimumOf">MinimumOrder only: <see cref="PricingRuleField.ItemsSubtotalAmount"/> or <see cref="PricingRuleField.ItemsTotalAmount"/>.</param>
public sealed record PricingRule(
    long Id,
    int Position,
    PricingRuleKind Kind,
    IReadOnlyList<PricingRuleCondition> Conditions,
    decimal Amount,
    bool Percentage = false,
    long? TargetShippingMethodId = null,
    PricingRuleField MinimumOf = PricingRuleField.ItemsSubtotalAmount);

/// <param name="Number">Money in the cart currency for amount fields, a count for the quantity.</param>
/// <param name="Text">An upper-case country or currency code for those fields.</param>
public sealed record PricingRuleCondition(PricingRuleField Field, PricingRuleComparator Comparator, decimal Number = 0, string? Text = null);

public enum PricingRuleKind
{
    ShippingCost,
    ItemsDiscount,
    MinimumOrder,
}

public enum PricingRuleField
{
    /// <summary>The items' net amount after the discount code and the rules before.</summary>
    ItemsSubtotalAmount,

    /// <summary>The items' amount with tax after the discount code and the rules before.</summary>
    ItemsTotalAmount,

    /// <summary>The units in the cart over all lines.</summary>
    ItemsQuantity,

    ShippingCountry,
    Currency,
}

public enum PricingRuleComparator
{
    GreaterThan,
    GreaterThanOrEqual,
    LessThan,
    LessThanOrEqual,
    Equal,
}

/// <summary>A minimum order value the cart does not reach.</summary>
/// <param name="Minimum">The least the field must be, in the cart currency.</param>
/// <param name="Missing">How much more the field needs; always more than zero.</param>
public sealed record RuleShortfall(long RuleId, PricingRuleField Field, decimal Minimum, decimal Missing);
