namespace Kassa.Pricing;

public enum DiscountScope
{
    /// <summary>Only item lines are discounted.</summary>
    Products,

    /// <summary>Item lines and shipping are discounted.</summary>
    Order,
}
