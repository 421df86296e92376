namespace Kassa.Pricing;

/// <summary>What <see cref="DiscountRules"/> needs to know about a stored discount.</summary>
/// <param name="Status">"open" or "closed".</param>
/// <param name="Currency">The currency of a fixed amount; irrelevant for a percentage.</param>
/// <param name="ValidFrom">UTC; unspecified kinds are read as UTC.</param>
/// <param name="ValidTo">UTC; the discount still applies at exactly this instant.</param>
/// <param name="Prices">A fixed amount's explicit amounts in currencies other than <paramref name="Currency"/>.</param>
public sealed record DiscountFacts(
    string Status,
    DiscountType Type,
    string? Currency,
    DateTime? ValidFrom,
    DateTime? ValidTo,
    int? RedemptionLimit,
    int RedemptionCount,
    IReadOnlyDictionary<string, decimal>? Prices = null);
