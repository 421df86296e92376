using System.Text.Json.Serialization;
using Kassa.Http;

namespace Kassa.Shipping;

/// <summary><c>POST /api/shipping/flat-rate</c>: the items and where they go.</summary>
public sealed record FlatRateRequest([property: RequiredField] List<FlatRateItem?>? Items, [property: RequiredField] FlatRateDestination? Destination, string? Currency);

public sealed record FlatRateItem([property: JsonPropertyName("productId"), RequiredField] long? ProductId, int? Quantity);

public sealed record FlatRateDestination([property: RequiredField] string? Country);

/// <param name="TotalPrice">What the checkout charges for this shipping: tax included (<paramref name="TaxIncluded"/>).</param>
/// <param name="TotalTax">The tax in <paramref name="TotalPrice"/>.</param>
public sealed record FlatRateResponse(string ServiceName, string Description, string ServiceCode, string TotalPrice, string TotalTax, bool TaxIncluded, string Currency);
