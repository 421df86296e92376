using Kassa.Data;

namespace Kassa.Catalog;

public sealed class Product : IVersioned, IEntity
{
    public long Id { get; set; }
    public string Name { get; set; } = "";
    public string? Sku { get; set; }
    public string? Description { get; set; }

    /// <summary>Price in the store's default currency, as entered (net or gross per price_entry_mode).</summary>
    public decimal Price { get; set; }

    /// <summary>Explicit prices in other currencies; a currency not listed here is not sold.</summary>
    public Dictionary<string, decimal> Prices { get; set; } = [];

    /// <summary>Percent; null means the store's default rate.</summary>
    public decimal? TaxRate { get; set; }

    /// <summary>Which of the store's rates per destination country applies (<see cref="Pricing.TaxClasses"/>); without a row for it, <see cref="TaxRate"/>.</summary>
    public string TaxClass { get; set; } = Pricing.TaxClasses.Standard;

    /// <summary>Units on hand; null means stock is not tracked.</summary>
    public int? Stock { get; set; }

    public string Status { get; set; } = ProductStatus.Live;

    public long? ParentId { get; set; }
    public List<VariantAttribute> VariantAttributes { get; set; } = [];

    public string? ImageUrl { get; set; }

    /// <summary>Name by language code.</summary>
    public Dictionary<string, string> NameTranslations { get; set; } = [];

    /// <summary>Flat shipping rate for one unit, in the store currency; null means no flat rate.</summary>
    public decimal? FlatShippingRate { get; set; }

    /// <summary>Flat shipping rate by ISO 3166 country code, overriding <see cref="FlatShippingRate"/>.</summary>
    public Dictionary<string, decimal> FlatShippingRates { get; set; } = [];

    /// <summary>Flat shipping rates in currencies other than the store's, by currency code; a currency not here has no flat rate.</summary>
    public Dictionary<string, FlatShippingPrice> FlatShippingPrices { get; set; } = [];

    public long Version { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public bool IsVariant => ParentId is not null;
}

public static class ProductStatus
{
    public const string Live = "live";
    public const string Draft = "draft";
    public static readonly string[] All = [Live, Draft];
}

public sealed record VariantAttribute(VariantAttributePart VariantType, VariantAttributePart VariantValue);

public sealed record VariantAttributePart(long? Id, string Name);

/// <summary>A product's flat shipping rates in one other currency: the same shape as the store-currency ones.</summary>
public sealed record FlatShippingPrice(decimal? FlatRate, Dictionary<string, decimal>? CountryRates);
