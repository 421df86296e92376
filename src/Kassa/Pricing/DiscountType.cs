namespace Kassa.Pricing;

public enum DiscountType
{
    /// <summary>Amount is a percentage (33 = 33 %).</summary>
    Percentage,

    /// <summary>Amount is money in the discount's own currency.</summary>
    FixedAmount,
}
