using System.Text.Json;
using Kassa.Http;

namespace Kassa.Carts.Voog;

/// <summary>
/// POST and PUT /carts: every parameter the Voog seed lists; absent fields are left alone, and customer and
/// addresses are merged into what the cart holds (<see cref="MergePatch{T}"/>).
/// </summary>
public sealed record VoogCartRequest(
    Optional<List<VoogCartItemRequest>?> Items,
    Optional<long?> ShippingMethodId,
    Optional<string?> ShippingMethodOption,
    Optional<MergePatch<VoogCustomerWire>?> Customer,
    Optional<MergePatch<VoogAddressWire>?> BillingAddress,
    Optional<MergePatch<VoogAddressWire>?> ShippingAddress,
    Optional<string?> Note,
    Optional<string?> DiscountCode,
    Optional<string?> Currency,
    Optional<string?> GatewayCode,
    Optional<string?> PaymentMethod,
    Optional<string?> ReturnUrl,
    Optional<bool?> TermsAgreement,
    Optional<Dictionary<string, JsonElement>?> CustomFieldValues,
    Optional<bool?> IsInitial);

public sealed record VoogCartItemRequest([property: RequiredField] long? ProductId, int? Quantity, string? Note);

public sealed record VoogCustomerWire(string? Name, string? Email, string? Phone, string? Language);

public sealed record VoogAddressWire(
    string? Name,
    string? CompanyName,
    string? VatCode,
    string? Address1,
    string? Address2,
    string? City,
    string? ZipCode,
    string? State,
    string? CountryCode,
    string? Phone,
    string? Instructions);
