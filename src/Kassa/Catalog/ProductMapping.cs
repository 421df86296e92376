using Kassa.Http;
using Kassa.Pricing;
using Kassa.Settings;

namespace Kassa.Catalog;

public static class ProductMapping
{
    public static ProductResponse ToResponse(this Product p, StoreSettings settings) => new(
        p.Id,
        p.Name,
        p.Sku,
        p.Description,
        Money.ToVoog(p.Price),
        settings.DefaultCurrency,
        p.Prices.ToDictionary(kv => kv.Key, kv => Money.ToVoog(kv.Value)),
        Money.ToVoog(p.TaxRate),
        p.TaxClass,
        p.Stock,
        p.IsAvailable(),
        p.Status,
        p.ParentId,
        p.IsVariant,
        p.VariantAttributes.Select(a => new VariantAttributeWire(
            new VariantAttributePartWire(a.VariantType.Id, a.VariantType.Name),
            new VariantAttributePartWire(a.VariantValue.Id, a.VariantValue.Name))).ToList(),
        p.VariantAttributesText(),
        p.ImageUrl,
        new ProductTranslationsWire(new Dictionary<string, string>(p.NameTranslations)),
        new ProductShippingResponse(Money.ToVoog(p.FlatShippingRate), p.FlatShippingRates.ToDictionary(kv => kv.Key, kv => Money.ToVoog(kv.Value)),
            p.FlatShippingPrices.ToDictionary(kv => kv.Key, kv => new ProductShippingPriceResponse(
                Money.ToVoog(kv.Value.FlatRate), (kv.Value.CountryRates ?? []).ToDictionary(r => r.Key, r => Money.ToVoog(r.Value))))),
        p.CreatedAt,
        p.UpdatedAt);

    /// <summary>Live and, when stock is tracked, at least one unit on hand.</summary>
    public static bool IsAvailable(this Product p) => p.Status == ProductStatus.Live && p.Stock is null or > 0;

    /// <summary>"Color: Red, Size: M", as Voog shows a variant.</summary>
    public static string? VariantAttributesText(this Product p) =>
        p.VariantAttributes.Count == 0 ? null : string.Join(", ", p.VariantAttributes.Select(a => $"{a.VariantType.Name}: {a.VariantValue.Name}"));

    /// <summary>The name in a language, falling back to the stored name.</summary>
    public static string NameIn(this Product p, string? language) =>
        language is not null && p.NameTranslations.TryGetValue(language, out var name) ? name : p.Name;

    /// <summary>The product's names by language; a product without translations has its name in the store's first language.</summary>
    public static Dictionary<string, string> NamesByLanguage(this Product p, string storeLanguage) =>
        p.NameTranslations.Count > 0
            ? new Dictionary<string, string>(p.NameTranslations, StringComparer.Ordinal)
            : new Dictionary<string, string> { [storeLanguage] = p.Name };
}
