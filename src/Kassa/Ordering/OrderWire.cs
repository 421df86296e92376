using Kassa.Carts.Voog;
using Kassa.Discounts;
using Kassa.Http;

namespace Kassa.Ordering;

/// <summary>POST /carts/:uuid/checkout.</summary>
public sealed record VoogCheckoutRequest(string? GatewayCode, string? PaymentMethod, string? ReturnUrl);

/// <summary>PUT /orders/:id: what an admin may change by hand.</summary>
public sealed record OrderUpdateRequest(Optional<string> PaymentStatus, Optional<string> ShippingStatus, Optional<string> Status);

/// <summary>The Voog order object, field for field.</summary>
public sealed record VoogOrderResponse
{
    public required long Id { get; init; }
    public required Guid Uuid { get; init; }
    public required string Code { get; init; }
    public required string Status { get; init; }
    public required string PaymentStatus { get; init; }
    public required string ShippingStatus { get; init; }
    public required string Currency { get; init; }
    public required long? ShippingMethodId { get; init; }
    public required string? ShippingMethodOption { get; init; }
    public required string GatewayCode { get; init; }
    public required string? GatewayName { get; init; }
    public required string PaymentMethod { get; init; }
    public required string ItemsSubtotalAmount { get; init; }
    public required string ItemsOriginalAmount { get; init; }
    public required string ItemsTaxAmount { get; init; }
    public required string ItemsTotalAmount { get; init; }
    public required string ShippingSubtotalAmount { get; init; }
    public required string ShippingOriginalAmount { get; init; }
    public required string ShippingTaxAmount { get; init; }
    public required string ShippingTotalAmount { get; init; }
    public required string? ShippingTaxRate { get; init; }
    public required string TotalAmount { get; init; }
    public required List<VoogItemAmounts> ItemAmounts { get; init; }
    public required List<VoogTaxAmounts> TaxAmounts { get; init; }
    public required string? ReturnUrl { get; init; }
    public required string? Note { get; init; }
    public required string IssuedDate { get; init; }
    public required string ValueDate { get; init; }
    public required DateTime? CompletedAt { get; init; }
    public required bool CartRulesApplied { get; init; }

    /// <summary>Kassa's: the cart rules that changed the order's amounts, as they stood at checkout.</summary>
    public required List<CartRules.CartRuleResponse> CartRules { get; init; }
    public required Dictionary<string, object?> CustomFieldValues { get; init; }
    public required Dictionary<string, VoogCustomFieldMetadata> CustomFieldMetadata { get; init; }
    public required DateTime CreatedAt { get; init; }
    public required DateTime UpdatedAt { get; init; }
    public required DiscountResponse? Discount { get; init; }
    public required VoogCartShippingMethod? ShippingMethod { get; init; }
    public required VoogAddressWire? BillingAddress { get; init; }
    public required VoogShippingAddressResponse? ShippingAddress { get; init; }
    public required VoogCustomerWire? Customer { get; init; }
    public required List<VoogCartItemResponse> Items { get; init; }
    public required VoogOrderUrls Urls { get; init; }
}

/// <param name="PaymentUrl">Where to send the shopper to pay; null for offline payment or once paid.</param>
public sealed record VoogOrderUrls(string Url, string InvoiceUrl, string? PaymentUrl);
