namespace Kassa.Carts;

public static class CartLimits
{
    /// <summary>Per line; far above any real basket, low enough that no total can overflow.</summary>
    public const int MaxQuantity = 10_000;

    public const int MaxLines = 250;
}
