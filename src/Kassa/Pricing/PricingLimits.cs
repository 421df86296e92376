namespace Kassa.Pricing;

/// <summary>Bounds that keep every intermediate product well inside decimal's range.</summary>
public static class PricingLimits
{
    /// <summary>Largest unit price × quantity, shipping amount or unit price Kassa will price.</summary>
    public const decimal MaxAmount = 1_000_000_000_000_000m;

    /// <summary>Largest tax rate in percent; real rates are far below, larger ones are data errors.</summary>
    public const decimal MaxTaxRate = 1000m;
}
