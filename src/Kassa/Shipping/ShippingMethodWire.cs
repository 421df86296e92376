using Kassa.Http;

namespace Kassa.Shipping;

public sealed record ShippingMethodRequest(
    Optional<string> Name,
    Optional<string?> Description,
    Optional<decimal> Amount,
    Optional<Dictionary<string, decimal>?> Prices,
    Optional<decimal> TaxRate,
    Optional<List<ShippingOptionRequest>?> Options,
    Optional<bool> Enabled,
    Optional<List<string>?> Countries);

public sealed record ShippingOptionRequest(string Name, decimal? Amount, Dictionary<string, decimal>? Prices = null);

public sealed record ShippingOptionResponse(string Name, string Amount, Dictionary<string, string> Prices);

public sealed record ShippingMethodResponse(
    long Id,
    string Name,
    string? Description,
    string Amount,
    string TaxRate,
    string Currency,
    Dictionary<string, string> Prices,
    List<ShippingOptionResponse> Options,
    bool Enabled,
    List<string> Countries,
    DateTime CreatedAt,
    DateTime UpdatedAt);
