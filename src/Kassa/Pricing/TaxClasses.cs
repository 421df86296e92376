namespace Kassa.Pricing;

/// <summary>
/// The tax classes a product can have. A fixed list, the rate kinds EU VAT knows (standard, two reduced rates, super-reduced,
/// parking, zero): a store's rates are kept per (country, class), and a class the store never gave a rate falls back to the
/// product's own rate, so the list does not have to match any one country.
/// </summary>
public static class TaxClasses
{
    public const string Standard = "standard";
    public static readonly string[] All = [Standard, "reduced", "second_reduced", "super_reduced", "parking", "zero"];
}
