namespace Kassa.Pricing;

/// <summary>Whether the store enters prices without tax (net) or with tax included (gross).</summary>
public enum PriceEntryMode
{
    Net,
    Gross,
}
