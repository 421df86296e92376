using Kassa.Http;

namespace Kassa.Catalog;

/// <summary>Create (POST) or partial update (PUT) of a product; absent fields are left alone.</summary>
public sealed record ProductRequest(
    Optional<string> Name,
    Optional<string?> Sku,
    Optional<string?> Description,
    Optional<decimal> Price,
    Optional<Dictionary<string, decimal>?> Prices,
    Optional<decimal?> TaxRate,
    Optional<string> TaxClass,
    Optional<int?> Stock,
    Optional<string> Status,
    Optional<long?> ParentId,
    Optional<List<VariantAttributeWire>?> VariantAttributes,
    Optional<string?> ImageUrl,
    Optional<ProductTranslationsWire?> Translations,
    Optional<ProductShippingRequest?> Shipping);

public sealed record VariantAttributeWire(VariantAttributePartWire VariantType, VariantAttributePartWire VariantValue);

public sealed record VariantAttributePartWire(long? Id, string Name);

public sealed record ProductTranslationsWire(Dictionary<string, string>? Name);

/// <param name="Prices">The same rates in other currencies, by currency code.</param>
public sealed record ProductShippingRequest(decimal? FlatRate, Dictionary<string, decimal>? CountryRates, Dictionary<string, ProductShippingPriceRequest?>? Prices = null);

public sealed record ProductShippingPriceRequest(decimal? FlatRate, Dictionary<string, decimal>? CountryRates);

public sealed record ProductShippingResponse(string? FlatRate, Dictionary<string, string> CountryRates, Dictionary<string, ProductShippingPriceResponse> Prices);

public sealed record ProductShippingPriceResponse(string? FlatRate, Dictionary<string, string> CountryRates);

public sealed record ProductResponse(
    long Id,
    string Name,
    string? Sku,
    string? Description,
    string Price,
    string Currency,
    Dictionary<string, string> Prices,
    string? TaxRate,
    string TaxClass,
    int? Stock,
    bool Available,
    string Status,
    long? ParentId,
    bool IsVariant,
    List<VariantAttributeWire> VariantAttributes,
    string? VariantAttributesText,
    string? ImageUrl,
    ProductTranslationsWire Translations,
    ProductShippingResponse Shipping,
    DateTime CreatedAt,
    DateTime UpdatedAt);
