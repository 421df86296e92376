using Kassa.Pricing;

namespace Kassa.Discounts;

/// <summary>The stored discount as the pricing core sees it.</summary>
public static class DiscountPricing
{
    public static DiscountFacts ToFacts(this Discount d) =>
        new(d.Status, d.Type(), d.Currency, d.ValidFrom, d.ValidTo, d.RedemptionLimit, d.RedemptionCount, d.Prices);

    public static PricingDiscount ToPricing(this Discount d) =>
        new(d.Type(), d.Amount, d.AppliesTo == DiscountScopes.Order ? DiscountScope.Order : DiscountScope.Products);

    /// <summary>The discount in a cart's currency: a fixed amount is the one given for that currency.</summary>
    public static PricingDiscount ToPricing(this Discount d, string currency) =>
        d.ToPricing() with { Amount = DiscountRules.AmountIn(d.ToFacts(), d.Amount, currency) ?? d.Amount };

    private static DiscountType Type(this Discount d) =>
        d.DiscountType == DiscountTypes.FixedAmount ? DiscountType.FixedAmount : DiscountType.Percentage;
}
