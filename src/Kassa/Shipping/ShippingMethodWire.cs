using Kassa.Http;

namespace Kassa.Shipping;

public sealed record ShippingMethodRequest(
    Optional<string> Name,
    Optional<string?> Description,
    Optional<decimal> Amount,
    Optional<decimal> TaxRate,
    Optional<List<ShippingOptionRequest>?> Options,
    Optional<bool> Enabled,
    Optional<List<string>?> Countries);

public sealed record ShippingOptionRequest(string Name, decimal? Amount);

public sealed record ShippingOptionResponse(string Name, string Amount);

public sealed record ShippingMethodResponse(
    long Id,
    string Name,
    string? Description,
    string Amount,
    string TaxRate,
    string Currency,
    List<ShippingOptionResponse> Options,
    bool Enabled,
    List<string> Countries,
    DateTime CreatedAt,
    DateTime UpdatedAt);
