using System.Text.Json.Serialization;
using Kassa.Http;

namespace Kassa.Checkouts;

public sealed record CreateCheckoutRequest([property: RequiredField] string? CartId);

/// <summary>PATCH /api/checkout/:id: any subset; absent fields are left alone, and addresses are merged into the stored ones (<see cref="MergePatch{T}"/>).</summary>
public sealed record UpdateCheckoutRequest(
    Optional<MergePatch<CheckoutAddressRequest>?> ShippingAddress,
    Optional<MergePatch<CheckoutAddressRequest>?> BillingAddress,
    Optional<string?> Email,
    Optional<string?> FirstName,
    Optional<string?> LastName,
    Optional<string?> PaymentMethod,
    Optional<string?> SuccessUrl,
    Optional<string?> CancelUrl,
    Optional<ShippingRateRequest?> ShippingRate);

/// <summary>Outshifter's address; phone and zip may come as numbers (the seed sends <c>"zip": 123</c>).</summary>
public sealed record CheckoutAddressRequest(
    string? FirstName,
    string? LastName,
    string? Email,
    string? PhoneCode,
    [property: JsonConverter(typeof(StringOrNumberConverter))] string? Phone,
    string? Company,
    string? Address1,
    string? Address2,
    string? City,
    string? Province,
    string? ProvinceCode,
    string? Country,
    string? CountryCode,
    [property: JsonConverter(typeof(StringOrNumberConverter))] string? Zip);

/// <param name="ServiceCode">A code from POST /api/shipping/flat-rate: flat-rate shipping to the shipping address's country.</param>
/// <param name="ShippingMethodId">Or one of the store's shipping methods, with its option.</param>
public sealed record ShippingRateRequest(string? ServiceCode, long? ShippingMethodId, string? Option);

/// <summary>PATCH /api/checkout/:id/payment: the seed's flat body of contact, billing address and return urls.</summary>
public sealed record CheckoutPaymentRequest(
    string? SuccessUrl,
    string? CancelUrl,
    string? PaymentMethod,
    string? Email,
    string? FirstName,
    string? LastName,
    string? PhoneCode,
    [property: JsonConverter(typeof(StringOrNumberConverter))] string? Phone,
    string? Company,
    string? Address1,
    string? Address2,
    string? City,
    string? Province,
    string? ProvinceCode,
    string? Country,
    string? CountryCode,
    [property: JsonConverter(typeof(StringOrNumberConverter))] string? Zip);

public sealed record CheckoutPaymentResponse(string? CheckoutUrl, long OrderId);

public sealed record DeleteCheckoutResponse(string Message, bool Executed);

public sealed record PaymentMethodResponse(string Code, string GatewayCode, string Name);

/// <summary>The Outshifter checkout object, with the seed's mix of snake_case and camelCase keys.</summary>
public sealed record CheckoutResponse
{
    [JsonPropertyName("createdAt")] public required DateTime CreatedAt { get; init; }
    [JsonPropertyName("updatedAt")] public required DateTime UpdatedAt { get; init; }
    public required Guid Id { get; init; }
    [JsonPropertyName("deletedAt")] public required DateTime? DeletedAt { get; init; }
    public required string? SuccessUrl { get; init; }
    public required string? CancelUrl { get; init; }
    public required string? PaymentMethod { get; init; }
    public required string? Email { get; init; }
    public required string Status { get; init; }
    public required string? CheckoutUrl { get; init; }
    public required string TotalPrice { get; init; }
    public required string TotalTax { get; init; }
    public required decimal TotalLineItemsPrice { get; init; }
    public required CheckoutCartResponse Cart { get; init; }
    public required CheckoutAddressResponse? BillingAddress { get; init; }
    public required CheckoutAddressResponse? ShippingAddress { get; init; }
    public required CheckoutShippingRateResponse? ShippingRate { get; init; }
    public required long? OrderId { get; init; }
    [JsonPropertyName("availablePaymentMethods")] public required List<PaymentMethodResponse> AvailablePaymentMethods { get; init; }
}

public sealed record CheckoutCartResponse
{
    [JsonPropertyName("createdAt")] public required DateTime CreatedAt { get; init; }
    [JsonPropertyName("updatedAt")] public required DateTime UpdatedAt { get; init; }
    public required Guid Id { get; init; }
    public required string? CustomerSessionId { get; init; }
    public required string Currency { get; init; }
    public required string TotalAmount { get; init; }
    [JsonPropertyName("deletedAt")] public required DateTime? DeletedAt { get; init; }
    public required List<CheckoutLineItemResponse> LineItems { get; init; }
}

public sealed record CheckoutLineItemResponse
{
    [JsonPropertyName("createdAt")] public required DateTime CreatedAt { get; init; }
    [JsonPropertyName("updatedAt")] public required DateTime UpdatedAt { get; init; }
    public required Guid Id { get; init; }
    [JsonPropertyName("deletedAt")] public required DateTime? DeletedAt { get; init; }
    [JsonPropertyName("productId")] public required long ProductId { get; init; }
    [JsonPropertyName("variantId")] public required long? VariantId { get; init; }
    public required int Quantity { get; init; }
    public required CheckoutProductResponse? Product { get; init; }
    [JsonPropertyName("priceData")] public required CheckoutPriceDataResponse PriceData { get; init; }
}

public sealed record CheckoutProductResponse(long Id, string Title, List<string> Images);

public sealed record CheckoutPriceDataResponse(
    Guid Id,
    [property: JsonPropertyName("unitPrice")] string UnitPrice,
    string Tax,
    string Currency);

public sealed record CheckoutAddressResponse(
    Guid Id,
    string? FirstName,
    string? LastName,
    string? PhoneCode,
    string? Phone,
    string? Company,
    string? Address1,
    string? Address2,
    string? City,
    string? Province,
    string? ProvinceCode,
    string? Country,
    string? CountryCode,
    string? Zip);

public sealed record CheckoutShippingRateResponse(string ServiceName, string? ServiceCode, long? ShippingMethodId, string? Option, string TotalPrice);

/// <summary>GET /api/checkout/:id/payment.</summary>
public sealed record CheckoutPaymentInfoResponse(
    string? SuccessUrl,
    string? CancelUrl,
    string? PaymentMethod,
    string? Email,
    CheckoutAddressResponse? BillingAddress,
    CheckoutAddressResponse? ShippingAddress,
    Carts.Outshifter.OutshifterCartResponse Cart,
    long? OrderId,
    string? PaymentStatus,
    string? CheckoutUrl);
