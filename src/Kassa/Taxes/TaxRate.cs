using Kassa.Data;
using Kassa.Pricing;

namespace Kassa.Taxes;

/// <summary>The store's tax rate for one tax class in one destination country (e.g. FI standard 25.5, FI reduced 14).</summary>
public sealed class StoreTaxRate : IVersioned, IEntity
{
    public long Id { get; set; }

    /// <summary>ISO 3166 alpha-2, upper case.</summary>
    public string CountryCode { get; set; } = "";

    /// <summary>One of <see cref="TaxClasses.All"/>.</summary>
    public string TaxClass { get; set; } = TaxClasses.Standard;

    /// <summary>Percent.</summary>
    public decimal Rate { get; set; }

    public long Version { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public CountryTaxRate ToPricing() => new(CountryCode, TaxClass, Rate);
}
