using Kassa.Data;

namespace Kassa.Discounts;

public sealed class Discount : IVersioned, IEntity
{
    public long Id { get; set; }

    /// <summary>As the admin typed it.</summary>
    public string Code { get; set; } = "";

    /// <summary>Upper-cased code; unique, so codes are matched case-insensitively.</summary>
    public string NormalizedCode { get; set; } = "";

    public string? Name { get; set; }
    public string? Description { get; set; }
    public string DiscountType { get; set; } = DiscountTypes.Percentage;

    /// <summary>Percent for percentage discounts, money in <see cref="Currency"/> for fixed ones.</summary>
    public decimal Amount { get; set; }

    public string? Currency { get; set; }

    /// <summary>A fixed amount's explicit amounts in other currencies; a cart in a currency not here (nor <see cref="Currency"/>) cannot use it.</summary>
    public Dictionary<string, decimal> Prices { get; set; } = [];
    public string AppliesTo { get; set; } = DiscountScopes.Products;
    public int? RedemptionLimit { get; set; }
    public int RedemptionCount { get; set; }
    public DateTime? ValidFrom { get; set; }
    public DateTime? ValidTo { get; set; }
    public string Status { get; set; } = DiscountStatus.Open;

    public long Version { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public static string Normalize(string code) => code.Trim().ToUpperInvariant();
}

public static class DiscountTypes
{
    public const string Percentage = "percentage";
    public const string FixedAmount = "fixed_amount";
    public static readonly string[] All = [Percentage, FixedAmount];
}

public static class DiscountScopes
{
    public const string Products = "products";
    public const string Order = "order";
    public static readonly string[] All = [Products, Order];
}

public static class DiscountStatus
{
    public const string Open = "open";
    public const string Closed = "closed";
    public static readonly string[] All = [Open, Closed];
}
