using Kassa.Http;

namespace Kassa.Discounts;

public sealed record DiscountRequest(
    Optional<string> Code,
    Optional<string?> Name,
    Optional<string?> Description,
    Optional<string> DiscountType,
    Optional<decimal> Amount,
    Optional<string?> Currency,
    Optional<Dictionary<string, decimal>?> Prices,
    Optional<string> AppliesTo,
    Optional<int?> RedemptionLimit,
    Optional<DateTime?> ValidFrom,
    Optional<DateTime?> ValidTo,
    Optional<string> Status);

/// <summary>The discount object exactly as the Voog cart embeds it.</summary>
public sealed record DiscountResponse(
    long Id,
    string? Name,
    string? Description,
    string Code,
    string Status,
    string AppliesTo,
    string DiscountType,
    string Amount,
    string? Currency,
    Dictionary<string, string> Prices,
    int RedemptionCount,
    int? RedemptionLimit,
    DateTime? ValidFrom,
    DateTime? ValidTo,
    DateTime CreatedAt,
    DateTime UpdatedAt);
