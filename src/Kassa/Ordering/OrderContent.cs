using Kassa.Carts;

namespace Kassa.Ordering;

/// <summary>
/// What an order sold, frozen when it was placed: the priced cart in decimals, with the catalog facts,
/// discount, shipping, customer and addresses as they were. Every dialect's answer and every payment
/// provider's payload is mapped from this; it knows no wire format.
/// </summary>
public sealed record OrderContent
{
    /// <summary>The stored form; absent (0) in the Voog-shaped snapshots orders had before this record.</summary>
    public int Format { get; init; } = CurrentFormat;

    public const int CurrentFormat = 2;

    public required string Currency { get; init; }
    public required IReadOnlyList<OrderLine> Lines { get; init; }

    public required decimal ItemsOriginalAmount { get; init; }
    public required decimal ItemsSubtotalAmount { get; init; }
    public required decimal ItemsTaxAmount { get; init; }
    public required decimal ItemsTotalAmount { get; init; }

    /// <summary>The shipping bought; null when nothing is shipped (every shipping amount is then zero).</summary>
    public required OrderShipping? Shipping { get; init; }
    public required decimal? ShippingTaxRate { get; init; }
    public required decimal ShippingOriginalAmount { get; init; }
    public required decimal ShippingSubtotalAmount { get; init; }
    public required decimal ShippingTaxAmount { get; init; }
    public required decimal ShippingTotalAmount { get; init; }

    public required decimal TotalAmount { get; init; }

    /// <summary>Items and shipping grouped by tax rate, lowest rate first.</summary>
    public required IReadOnlyList<OrderTaxLine> TaxAmounts { get; init; }

    public required OrderDiscount? Discount { get; init; }
    public required bool CartRulesApplied { get; init; }

    /// <summary>The cart rules that changed the amounts, as they stood at checkout, in the order they ran; empty in older snapshots.</summary>
    public IReadOnlyList<OrderCartRule> CartRules { get; init; } = [];

    public required CartCustomer? Customer { get; init; }
    public required CartAddress? BillingAddress { get; init; }
    public required CartAddress? ShippingAddress { get; init; }
    public required string? Note { get; init; }
    public required Dictionary<string, object?> CustomFieldValues { get; init; }
    public required IReadOnlyList<Settings.CustomFieldDefinition> CustomFields { get; init; }
}

/// <summary>One line as sold: the product's facts at checkout and the line's priced amounts.</summary>
/// <param name="UnitPrice">As entered (net or gross per the store's mode).</param>
/// <param name="CatalogPrice">The catalog's price in the order's currency at checkout; null when it had none.</param>
/// <param name="DiscountAmount">What the discount took off the line, net.</param>
/// <param name="ItemUuid">The cart line's Outshifter id; empty in snapshots stored before it was kept.</param>
public sealed record OrderLine(
    long ItemId,
    Guid ItemUuid,
    long ProductId,
    long? ParentId,
    bool IsVariant,
    string? Sku,
    string Name,
    IReadOnlyDictionary<string, string> NameTranslations,
    string? VariantAttributesText,
    IReadOnlyList<Catalog.VariantAttribute> VariantAttributes,
    string? ImageUrl,
    string? Note,
    int Quantity,
    decimal UnitPrice,
    decimal? CatalogPrice,
    bool Available,
    decimal TaxRate,
    decimal OriginalAmount,
    decimal DiscountAmount,
    decimal SubtotalAmount,
    decimal TaxAmount,
    decimal TotalAmount,
    bool HasDiscount,
    DateTime CreatedAt,
    DateTime UpdatedAt);

/// <param name="MethodId">The shipping method; null for flat-rate shipping.</param>
/// <param name="Amount">The price as entered (net or gross per the store's mode).</param>
public sealed record OrderShipping(long? MethodId, string Name, string? Description, string? Option, decimal Amount, decimal TaxRate);

/// <summary>A cart rule as it stood when the order was placed.</summary>
public sealed record OrderCartRule(
    long Id,
    int Position,
    string Kind,
    string? TargetKind,
    long? TargetId,
    IReadOnlyList<CartRules.CartRuleCondition> Conditions,
    CartRules.CartRuleResult Result,
    DateTime? ValidFrom,
    DateTime? ValidTo,
    DateTime CreatedAt,
    DateTime UpdatedAt)
{
    public static OrderCartRule Of(CartRules.CartRule r) =>
        new(r.Id, r.Position, r.Kind, r.TargetKind, r.TargetId, r.Conditions.ToList(), r.Result, r.ValidFrom, r.ValidTo, r.CreatedAt, r.UpdatedAt);

    public CartRules.CartRule ToRule() => new()
    {
        Id = Id, Position = Position, Kind = Kind, TargetKind = TargetKind, TargetId = TargetId, Conditions = Conditions.ToList(),
        Result = Result, ValidFrom = ValidFrom, ValidTo = ValidTo, CreatedAt = CreatedAt, UpdatedAt = UpdatedAt,
    };
}

public sealed record OrderTaxLine(decimal TaxRate, decimal SubtotalAmount, decimal TaxAmount);

/// <summary>The discount as it stood when the order was placed.</summary>
public sealed record OrderDiscount(
    long Id,
    string? Name,
    string? Description,
    string Code,
    string Status,
    string AppliesTo,
    string DiscountType,
    decimal Amount,
    string? Currency,
    int RedemptionCount,
    int? RedemptionLimit,
    DateTime? ValidFrom,
    DateTime? ValidTo,
    DateTime CreatedAt,
    DateTime UpdatedAt);
