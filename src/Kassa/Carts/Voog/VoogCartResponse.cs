using System.Text.Json.Serialization;
using Kassa.Discounts;
using Kassa.Http;

namespace Kassa.Carts.Voog;

/// <summary>The Voog cart object, field for field. Blocks asked for with <c>include=</c> are omitted otherwise.</summary>
public sealed record VoogCartResponse
{
    public required Guid Uuid { get; init; }
    public required string Status { get; init; }
    public required string Currency { get; init; }
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
    public required long? ShippingMethodId { get; init; }
    public required string? ShippingMethodOption { get; init; }
    public required List<VoogItemAmounts> ItemAmounts { get; init; }
    public required List<VoogTaxAmounts> TaxAmounts { get; init; }
    public required string? GatewayCode { get; init; }
    public required string? PaymentMethod { get; init; }
    public required string? ReturnUrl { get; init; }
    public required bool? TermsAgreement { get; init; }
    public required string? Note { get; init; }
    public required string? DiscountCode { get; init; }
    public required bool CartRulesApplied { get; init; }
    public required Dictionary<string, object?> CustomFieldValues { get; init; }
    public required Dictionary<string, VoogCustomFieldMetadata> CustomFieldMetadata { get; init; }
    public required DateTime CreatedAt { get; init; }
    public required DateTime UpdatedAt { get; init; }
    public required DiscountResponse? Discount { get; init; }
    public required VoogCartShippingMethod? ShippingMethod { get; init; }
    public required VoogCustomerWire? Customer { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public Optional<VoogAddressWire?> BillingAddress { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public Optional<VoogShippingAddressResponse?> ShippingAddress { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<VoogCartItemResponse>? Items { get; init; }

    public required VoogCartMetainfo Metainfo { get; init; }
    public required VoogCartUrls Urls { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<VoogPaymentMethod>? PaymentMethods { get; init; }
}

public sealed record VoogItemAmounts(string SubtotalAmount, string OriginalAmount, string TaxRate, string TaxAmount, string TotalAmount);

public sealed record VoogTaxAmounts(string SubtotalAmount, string TaxRate, string TaxAmount);

public sealed record VoogCustomFieldMetadata(string Label, string Kind, bool Required);

public sealed record VoogCartShippingMethod(long? Id, string Name, string? Description, string Amount, string TaxRate, string? DeliveryMethod, string? Option);

public sealed record VoogShippingAddressResponse(
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
    string? Instructions,
    string? DeliveryMethodCode,
    string? DeliveryMethodExternalCode,
    string? PodName);

public sealed record VoogCartMetainfo(bool CheckoutAllowed, bool UpdateAllowed);

public sealed record VoogCartUrls(string Url, string CheckoutUrl);

public sealed record VoogPaymentMethod(string Code, string GatewayCode);

public sealed record VoogCartItemResponse
{
    /// <summary>The only kind of line Kassa has: a product the shopper pays for (the seed's <c>"kind": "payment"</c>).</summary>
    public const string PaymentKind = "payment";

    public required long Id { get; init; }

    // Not required: orders placed before these fields existed keep their items without them.
    public string Kind { get; init; } = PaymentKind;

    /// <summary>
    /// The line's payment status: <c>pending</c> in a cart (nothing in a cart is paid), the order's
    /// <c>payment_status</c> in an order (the seed's <c>paid</c>).
    /// </summary>
    public string Status { get; init; } = "pending";

    public required long ProductId { get; init; }
    public required string? Note { get; init; }
    public required int Quantity { get; init; }
    public required string Price { get; init; }
    public required string SubtotalAmount { get; init; }
    public required string TaxAmount { get; init; }
    public required string TaxRate { get; init; }
    public required string Amount { get; init; }
    public required DateTime CreatedAt { get; init; }
    public required DateTime UpdatedAt { get; init; }
    public required bool HasItemDiscount { get; init; }
    public required string? ProductPrice { get; init; }
    public required VoogCartItemProduct Product { get; init; }
    public required string ProductName { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public VoogTranslations? Translations { get; init; }
}

public sealed record VoogCartItemProduct
{
    public required long Id { get; init; }
    public required string? Price { get; init; }
    public required bool IsVariant { get; init; }
    public required bool Available { get; init; }
    public required string? Sku { get; init; }
    public required string Name { get; init; }
    public required long? ParentId { get; init; }
    public required string? VariantAttributesText { get; init; }
    public required List<Catalog.VariantAttributeWire> VariantAttributes { get; init; }
    public required VoogImage? Image { get; init; }
}

public sealed record VoogImage(string Url);

public sealed record VoogTranslations(Dictionary<string, string> Name);
