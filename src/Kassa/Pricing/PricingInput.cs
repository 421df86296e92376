namespace Kassa.Pricing;

/// <summary>One cart line. UnitPrice is in the cart currency, net or gross per the entry mode.</summary>
/// <param name="TaxRate">Percent (20 = 20 %); null means the store's default rate.</param>
public sealed record PricingLine(string Key, decimal UnitPrice, decimal? TaxRate, int Quantity);

/// <summary>
/// Percentage: Amount is percent. FixedAmount: Amount is money in the cart currency, read in the
/// entry mode (a net amount in net mode, a gross amount in gross mode).
/// </summary>
public sealed record PricingDiscount(DiscountType Type, decimal Amount, DiscountScope AppliesTo);

/// <summary>The chosen shipping amount as entered (net or gross per the entry mode).</summary>
public sealed record PricingShipping(decimal Amount, decimal TaxRate);

public sealed record PricingInput(
    string Currency,
    PriceEntryMode Mode,
    decimal DefaultTaxRate,
    IReadOnlyList<PricingLine> Lines,
    PricingDiscount? Discount = null,
    PricingShipping? Shipping = null,
    PricingRules? Rules = null);
