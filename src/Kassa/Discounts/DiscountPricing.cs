using Kassa.Pricing;

namespace Kassa.Discounts;

/// <summary>The stored discount as the pricing core sees it.</summary>
public static class DiscountPricing
{
    public static DiscountFacts ToFacts(this Discount d) =>
        new(d.Status, d.Type(), d.Currency, d.ValidFrom, d.ValidTo, d.RedemptionLimit, d.RedemptionCount);

    public static PricingDiscount ToPricing(this Discount d) =>
        new(d.Type(), d.Amount, d.AppliesTo == DiscountScopes.Order ? DiscountScope.Order : DiscountScope.Products);

    private static DiscountType Type(this Discount d) =>
        d.DiscountType == DiscountTypes.FixedAmount ? DiscountType.FixedAmount : DiscountType.Percentage;
}
