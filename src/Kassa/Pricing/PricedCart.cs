namespace Kassa.Pricing;

/// <summary>
/// A priced cart. Subtotals are net, totals include tax, originals are net before the discount.
/// Every amount is rounded to the currency's minor unit and every total is the exact sum of its parts.
/// </summary>
public sealed record PricedCart
{
    public required string Currency { get; init; }
    public required IReadOnlyList<PricedLine> Lines { get; init; }

    public required decimal ItemsOriginalAmount { get; init; }
    public required decimal ItemsDiscountAmount { get; init; }
    public required decimal ItemsSubtotalAmount { get; init; }
    public required decimal ItemsTaxAmount { get; init; }
    public required decimal ItemsTotalAmount { get; init; }

    /// <summary>Null when the cart has no shipping; the shipping amounts are then all zero.</summary>
    public required decimal? ShippingTaxRate { get; init; }
    public required decimal ShippingOriginalAmount { get; init; }
    public required decimal ShippingDiscountAmount { get; init; }
    public required decimal ShippingSubtotalAmount { get; init; }
    public required decimal ShippingTaxAmount { get; init; }
    public required decimal ShippingTotalAmount { get; init; }

    public required decimal TotalAmount { get; init; }

    /// <summary>Item lines and shipping grouped by tax rate, lowest rate first.</summary>
    public required IReadOnlyList<TaxAmountByRate> TaxAmounts { get; init; }

    /// <summary>The cart rules that took something off, in the order they ran.</summary>
    public IReadOnlyList<long> AppliedRuleIds { get; init; } = [];

    /// <summary>The minimum order values the cart does not reach; checkout is refused while there is one.</summary>
    public IReadOnlyList<RuleShortfall> RuleShortfalls { get; init; } = [];
}

/// <param name="TaxRate">The rate actually used (the store default when the line had none).</param>
/// <param name="HasDiscount">True when the discount took something off this line.</param>
public sealed record PricedLine(
    string Key,
    int Quantity,
    decimal UnitPrice,
    decimal TaxRate,
    decimal OriginalAmount,
    decimal DiscountAmount,
    decimal SubtotalAmount,
    decimal TaxAmount,
    decimal TotalAmount,
    bool HasDiscount);

public sealed record TaxAmountByRate(decimal TaxRate, decimal SubtotalAmount, decimal TaxAmount);
